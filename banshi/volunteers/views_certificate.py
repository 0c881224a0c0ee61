"""The certificate's PDF (for the volunteer and the team's managers) and the PUBLIC
verification page /verify/<code>/: the masked name, the total hours, the issuer and the
date, nothing else personal; an unknown code is 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict
from banshi.access.services import audit_record
from banshi.core.text import form_id

from . import certificates, selectors
from .models import VolunteerCertificate


@login_required
@require_GET
def certificate_pdf(request, pk):
    certificate = (
        restrict(VolunteerCertificate.objects.all(), request.user)
        .select_related("volunteer__resident", "team__region")
        .filter(pk=form_id(pk))
        .first()
    )
    if certificate is None:
        raise Http404
    records = certificate.records.select_related("activity").order_by("signed_in_at")
    try:
        content = certificates.to_pdf(
            certificate, records=records, base_url=request.build_absolute_uri("/")
        )
    except certificates.CertificatePdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=certificate,
        rows=len(records),
        changes={"export": "volunteer certificate"},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def verify(request, code):
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404
    return render(
        request,
        "volunteers/verify.html",
        {
            "certificate": certificate,
            "name": selectors.masked_name(certificate.volunteer.resident.name),
            "issuer": certificate.team,
        },
    )
