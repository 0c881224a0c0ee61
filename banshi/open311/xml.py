"""XML documents of GeoReport v2: the same data as the JSON answers, with the element names
of the spec (a list of services is `<services><service>…`, of requests
`<service_requests><request>…`, errors `<errors><error>…`). A key left out of the JSON (no
value) is left out of the XML too, so both carry the same structure."""

import re
from xml.etree import ElementTree as ET

# What XML 1.0 cannot carry at all (stored text is cleaned, see `banshi.core.text`; this
# keeps any value that was not from breaking the whole document).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# For a list under a key, the name of each item's element.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        child = ITEM[element.tag]
        for item in value:
            _fill(ET.SubElement(element, child), item)
    else:
        element.text = _text(value)


def render(root: str, value) -> bytes:
    """`value` (a list or dict, as in the JSON answer) under the element `root`."""
    element = ET.Element(root)
    _fill(element, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)
