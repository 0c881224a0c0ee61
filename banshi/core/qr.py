"""QR codes as inline SVG (qrcode's path image): no script and no outside image, so a page
under the site's content security policy can show one, and it prints sharp."""

import qrcode
import qrcode.image.svg


def qr_svg(data: str, *, box_size: int = 8) -> str:
    """The QR code of `data` as an inline SVG element."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    return image.to_string(encoding="unicode")
