"""``{% sidebar_app_list %}``: unfold's ``unfold/helpers/app_list.html``, rendered once per
sidebar content and reused (:mod:`asn_portal.sidebar`). The project's template of the same name
holds only this tag; the tag renders unfold's own template, found by skipping the project's."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from asn_portal import sidebar
from asn_portal.admin_unfold import UnfoldTemplateNode

register = template.Library()


class SidebarAppListNode(UnfoldTemplateNode):
    def render(self, context: Context) -> SafeString:
        key = sidebar.rendered_key(context)
        if key is None:
            return self.unfold_template(context)
        return mark_safe(sidebar.RENDERED.get(key, lambda: self.unfold_template(context)))  # noqa: S308  # nosec B308 B703  # a template's output


register.tag("sidebar_app_list", SidebarAppListNode.from_parser)
