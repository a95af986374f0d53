"""The resource map for the curator and director of a school: the page and its PDF."""

from django.http import HttpResponse
from django.shortcuts import render

from apps.core.access import school_staff_required

from .resource_map import resource_map, resource_map_pdf


@school_staff_required("practices.view_bestpractice")
def resource_map_page(request):
    context = {"school": request.school, **resource_map(request.school)}
    return render(request, "practices/resource_map_page.html", context)


@school_staff_required("practices.view_bestpractice")
def resource_map_download(request):
    response = HttpResponse(resource_map_pdf(school=request.school), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="resource_map.pdf"'
    return response
