"""Pages of learning materials: the materials a publisher or branch sees, one material's
coverage (who has not received or not opened it), the member's own list, the reading page
(opening it marks the receipt opened) and the attached file. Thin: selectors read,
`material_open` writes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from banshi.core.figures import ratio

from . import selectors, services
from .forms import MaterialForm
from .models import LearningMaterial, MaterialReceipt

PAGE_ROWS = 200


def _material_or_404(user, pk) -> LearningMaterial:
    try:
        return selectors.material_get(user=user, pk=pk)
    except LearningMaterial.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def material_list(request):
    materials = [
        (m, ratio(m.opened, m.expected))
        for m in selectors.material_list(user=request.user)[:PAGE_ROWS]
    ]
    return render(request, "materials/list.html", {"materials": materials})


@login_required
@require_GET
def material_detail(request, pk):
    material = _material_or_404(request.user, pk)
    rows = selectors.material_coverage(material=material, user=request.user)
    expected = sum(r.expected for r in rows)
    opened = sum(r.opened for r in rows)
    return render(
        request,
        "materials/detail.html",
        {
            "material": material,
            "rows": rows,
            "expected": expected,
            "opened": opened,
            "rate": ratio(opened, expected),
            "not_pushed": [r for r in rows if r.push is None],
        },
    )


@login_required
@require_GET
def mine(request):
    receipts = selectors.my_receipts(user=request.user)[:PAGE_ROWS]
    return render(request, "materials/mine.html", {"receipts": receipts})


@login_required
@require_GET
def receipt_open(request, pk):
    try:
        receipt = selectors.my_receipt_get(user=request.user, pk=pk)
    except MaterialReceipt.DoesNotExist:
        raise Http404 from None
    receipt = services.material_open(receipt=receipt, user=request.user)
    return render(
        request, "materials/read.html", {"receipt": receipt, "material": receipt.push.material}
    )


@login_required
@require_GET
def material_file(request, pk):
    try:
        material = selectors.material_file_get(user=request.user, pk=pk)
    except LearningMaterial.DoesNotExist:
        raise Http404 from None
    extension = material.file.name.rsplit(".", 1)[-1]
    response = FileResponse(material.file.open("rb"), content_type=material.file_type)
    response["Content-Disposition"] = f'inline; filename="material-{material.pk}.{extension}"'
    return response


def _issue(form, organizations, branches, user) -> LearningMaterial:
    data = form.cleaned_data
    publisher = next(o for o in organizations if o.pk == data["publisher"])
    chosen = [b for b in branches if b.pk in set(data["branches"])]
    material, _pushes = services.material_issue(
        publisher=publisher,
        title=data["title"],
        month=data["month"],
        body=data["body"],
        file=data["file"],
        organizations=chosen,
        tailored_note=data["tailored_note"],
        user=user,
    )
    return material


@login_required
@require_http_methods(["GET", "POST"])
def material_new(request):
    organizations, branches = selectors.publishers_and_branches(user=request.user)
    choices = {"organizations": organizations, "branches": branches}
    if request.method == "GET":
        form = MaterialForm(**choices)
        return render(request, "materials/form.html", {"form": form})
    form = MaterialForm(request.POST, request.FILES, **choices)
    if form.is_valid():
        try:
            material = _issue(form, organizations, branches, request.user)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return render(request, "materials/form.html", {"form": form}, status=403)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                form.add_error(None, exc.messages)
        else:
            return redirect("materials:detail", material.pk)
    return render(request, "materials/form.html", {"form": form}, status=400)
