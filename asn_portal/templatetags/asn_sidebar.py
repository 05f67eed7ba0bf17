"""``{% sidebar_app_list %}``: unfold's ``unfold/helpers/app_list.html``, rendered once per
sidebar content and reused (:mod:`asn_portal.sidebar`). The project's template of the same name
holds only this tag; the tag renders unfold's own template, found by skipping the project's."""

from __future__ import annotations

from django import template
from django.template.base import Node, Origin, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from asn_portal import sidebar

register = template.Library()


class SidebarAppListNode(Node):
    def __init__(self, origin: Origin) -> None:
        self.origin = origin

    def render(self, context: Context) -> SafeString:
        key = sidebar.rendered_key(context)
        if key is None:
            return self._render(context)
        return mark_safe(sidebar.RENDERED.get(key, lambda: self._render(context)))  # noqa: S308  # nosec B308 B703  # a template's output

    def _render(self, context: Context) -> SafeString:
        assert context.template is not None  # noqa: S101  # nosec B101  # rendered inside a template
        unfold_template, _origin = context.template.engine.find_template(
            str(self.origin.template_name), skip=[self.origin]
        )
        return unfold_template.render(context)


@register.tag
def sidebar_app_list(parser: Parser, token: Token) -> SidebarAppListNode:
    assert parser.origin is not None  # noqa: S101  # nosec B101  # every loaded template has one
    return SidebarAppListNode(parser.origin)
