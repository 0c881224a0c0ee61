"""The one upload checker: the kind by its first bytes, the size and count limits the caller
passes, a random name, and a Chinese message that states the limit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from banshi.core.uploads import IMAGES, JPEG, PNG, Kinds, checked_upload, checked_uploads

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP_BYTES = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32


def messages(err) -> str:
    return " ".join(err.value.messages)


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (JPEG_BYTES, "image/jpeg", "jpg"),
        (PNG_BYTES, "image/png", "png"),
        (WEBP_BYTES, "image/webp", "webp"),
    ],
)
def test_a_good_file_is_told_by_its_bytes_and_renamed(data, content_type, extension):
    # the name and the claimed type are the uploader's and count for nothing
    upload = SimpleUploadedFile("秘密.gif", data, content_type="text/html")
    content, kind, size = checked_upload(upload, max_bytes=1024)
    assert (kind, size) == (content_type, len(data))
    assert content.name.endswith(f".{extension}") and "秘密" not in content.name
    assert content.read() == data


def test_a_file_without_a_size_is_read_up_to_the_limit():
    content, kind, size = checked_upload(io.BytesIO(PNG_BYTES), max_bytes=1024, what="照片")
    assert (kind, size) == ("image/png", len(PNG_BYTES))
    with pytest.raises(ValidationError) as err:
        checked_upload(io.BytesIO(PNG_BYTES), max_bytes=16, what="照片")
    assert messages(err) == "照片过大，不能超过16B"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as err:
        checked_upload(SimpleUploadedFile("a.jpg", b""), max_bytes=1024, what="照片")
    assert messages(err) == "照片文件为空"


def test_an_oversized_file_is_refused_with_the_limit():
    big = SimpleUploadedFile("big.jpg", JPEG_BYTES + b"\x00" * (3 * 1024 * 1024))
    with pytest.raises(ValidationError) as err:
        checked_upload(big, max_bytes=2 * 1024 * 1024, what="照片")
    assert messages(err) == "照片过大（3.0MB），不能超过2MB"


def test_a_file_of_another_kind_is_refused_with_the_kinds_allowed():
    page = SimpleUploadedFile("x.jpg", b"<html><script>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        checked_upload(page, max_bytes=1024, what="照片")
    assert messages(err) == "照片格式不支持：不是有效的图片文件（只接受 JPEG、PNG、WebP）"
    # the kinds are the caller's: a PNG where only JPEG is accepted
    only_jpeg = Kinds((JPEG,), noun="图片", measure="张")
    with pytest.raises(ValidationError, match="只接受 JPEG）"):
        checked_upload(SimpleUploadedFile("a.png", PNG_BYTES), max_bytes=1024, kinds=only_jpeg)
    assert checked_upload(SimpleUploadedFile("a.png", PNG_BYTES), max_bytes=1024).content_type == (
        PNG.content_type
    )


def test_too_many_files_are_refused_before_any_is_read():
    class Unreadable:
        size = 10

        def read(self, n=-1):  # pragma: no cover - must not be called
            raise AssertionError("read before the count was checked")

    with pytest.raises(ValidationError) as err:
        checked_uploads([Unreadable()] * 4, max_count=3, max_bytes=1024, what="照片")
    assert messages(err) == "照片最多3张"


def test_a_list_is_checked_one_by_one():
    files = [SimpleUploadedFile("a.jpg", JPEG_BYTES), SimpleUploadedFile("b.webp", WEBP_BYTES)]
    checked = list(checked_uploads(files, max_count=9, max_bytes=1024, kinds=IMAGES))
    assert [c.content_type for c in checked] == ["image/jpeg", "image/webp"]
    assert list(checked_uploads([], max_count=9, max_bytes=1024)) == []
    bad = checked_uploads([files[0], SimpleUploadedFile("c.jpg", b"")], max_count=9, max_bytes=1024)
    assert next(bad).content_type == "image/jpeg"
    with pytest.raises(ValidationError, match="文件为空"):
        next(bad)
