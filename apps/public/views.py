"""The public «Наставничество» section of a school: read-only pages for anyone, cached per school.

Whether something may be shown is decided in selectors.py; here the pages are put together,
cached and given the headers that let only the school's own website frame them.
"""

import datetime
import functools
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from apps.consents.models import PublicCategory
from apps.core.files import stored_file_response
from apps.core.origins import parse_origins
from apps.core.xlsx import content_disposition
from apps.documents import public_copy
from apps.documents.selectors import published_orders
from apps.practices.models import BestPracticeFile
from apps.practices.resource_map import resource_map, resource_map_pdf

from . import selectors
from .markup import plain_text
from .models import NewsImage, NormativeAct

CACHE_SECONDS = 6 * 60 * 60
NEWS_PER_PAGE = 10
# Read once: it is served on every visit to a school website that embeds the section.
EMBED_SCRIPT = (Path(settings.BASE_DIR) / "static" / "public" / "embed.js").read_bytes()
NOT_PUBLISHED = "Раздел «Наставничество» этой школы не опубликован."

# The section's tabs, by page key (also its URL name and template): tab label, page title, and the
# start of its meta description (the school's name is added; none: the section's own description).
PAGES = {
    "home": ("Главная", "Наставничество", ""),
    "normative": ("Нормативная база", "Нормативная база", "Федеральные, региональные и локальные акты о наставничестве педагогов"),
    "roadmap": (
        "Положение и дорожная карта",
        "Положение и дорожная карта",
        "Положение о системе наставничества и дорожная карта её реализации",
    ),
    "mentors": ("Наставники", "Наставники", "Наставники педагогических работников"),
    "programmes": (
        "Программы и практики",
        "Программы и лучшие практики",
        "Реализуемые персонализированные программы наставничества и лучшие практики",
    ),
    "news": ("Новости и анонсы", "Новости и анонсы", "Новости и анонсы наставничества педагогов"),
}


def content_security_policy(section) -> str:
    """Everything from the portal itself, and framing only by the portal and the school's listed sites."""
    return _policy(section.embed_origins)


@functools.lru_cache(maxsize=1024)
def _policy(embed_origins: str) -> str:
    # Keyed by the text itself: a school that changes its sites gets a new entry, never a stale one.
    try:
        origins = parse_origins(embed_origins)
    except ValidationError:
        origins = []
    ancestors = " ".join(["'self'", *origins])
    return (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )


def may_preview(user, school) -> bool:
    return user.is_authenticated and user.is_staff and (user.is_superuser or user.school_id == school.pk)


def _section(request, slug):
    """The school's section and whether this is the staff's preview of an unpublished one."""
    section = selectors.section_for(slug)
    if section is None:
        raise Http404("Такой школы нет.")
    if section.is_published:
        return section, False
    if may_preview(request.user, section.school):
        return section, True
    raise Http404(NOT_PUBLISHED)


def _cache_key(section, request, today: datetime.date) -> str:
    # The version changes whenever anything shown changes; the date, because «overdue» does.
    page = request.GET.get("page", "")[:6]
    return f"public:{section.pk}:v{section.version}:{today.isoformat()}:{request.path}:{page}"


def _etag(section, today: datetime.date) -> str:
    """What the cache key is made of, as a validator: a publication or a consent withdrawn bumps the
    version, so the next revalidation gets the new page. Weak: a page rendered again after the cache
    expired is the same page, not necessarily the same bytes. No Last-Modified: its one-second
    resolution would miss two changes within a second, the version does not."""
    return f'W/"{section.pk}.{section.version}.{today:%Y%m%d}"'


# Browsers and the school site's proxies may keep a page for a minute without asking: a burst of
# visitors costs one request a minute each. After that (and on every reload) they revalidate with the
# ETag, which costs one query and no rendering, and a withdrawn consent is gone at once.
PUBLIC_CACHE_CONTROL = "public, max-age=60"


def _public_headers(response, state, etag: str):
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    response["Content-Security-Policy"] = content_security_policy(state)
    return response


def published_response(request, state, today: datetime.date) -> HttpResponse | None:
    """A published page without rendering: 304 for a visitor who has it, else the body from the cache;
    None when it has to be rendered."""
    etag = _etag(state, today)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        cached = cache.get(_cache_key(state, request, today))
        if cached is None:
            return None
        response = HttpResponse(cached)
    return _public_headers(response, state, etag)


def public_page(view):
    """A page of the section: 404 for an unpublished one (but for its school's staff), cached, frameable
    only by the school's own sites.

    A published page is the same for everybody, so its path touches neither the session nor the user:
    one query for the section (its version), then a 304 for a visitor who has the page, or the body
    from the cache, or the rendering. The first two are usually answered before the view, by
    middleware.PublishedPagesMiddleware."""

    @wraps(view)
    @require_safe
    @xframe_options_exempt
    def wrapped(request, slug, **kwargs):
        state = selectors.section_state(slug)
        if state is None:
            raise Http404("Такой школы нет.")
        today = timezone.localdate()
        if not state.is_published:
            section, preview = _section(request, slug)  # the school's staff only, others get 404
            response = view(request, section, today=today, preview=preview, **kwargs)
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
            response["Content-Security-Policy"] = content_security_policy(section)
            return response
        response = published_response(request, state, today)
        if response is None:
            section = selectors.section_for(slug)  # the whole section, the school with it: to render
            response = view(request, section, today=today, preview=False, **kwargs)
            if response.status_code != 200:
                response["Content-Security-Policy"] = content_security_policy(state)
                return response
            cache.set(_cache_key(state, request, today), response.content, CACHE_SECONDS)
            response = _public_headers(response, state, _etag(state, today))
        return response

    wrapped.serves_public_page = True
    return wrapped


def _render(request, section, page: str, *, preview: bool, template: str = "", title: str = "", description: str = "", **context):
    school = section.school
    _, page_title, description_lead = PAGES[page]
    if not description:
        description = f"{description_lead}: {school.short_name}." if description_lead else section.description
    return render(
        request,
        template or f"public/{page}.html",
        {
            "section": section,
            "school": school,
            "preview": preview,
            "nav": [{"key": key, "label": label, "url": reverse(f"public:{key}", args=[school.slug])} for key, (label, _, _) in PAGES.items()],
            "page": page,
            "page_title": title or page_title,
            "description": description or f"Система наставничества педагогических работников: {school.short_name}.",
            **context,
        },
    )


@public_page
def home(request, section, *, today, preview):
    school = section.school
    return _render(
        request,
        section,
        "home",
        preview=preview,
        curator=selectors.public_curator(school),
        figures=selectors.key_figures(school, today=today),
        news=list(selectors.published_news(school)[:3]),
    )


@public_page
def normative(request, section, *, today, preview):
    return _render(request, section, "normative", preview=preview, levels=selectors.normative_base(section.school))


@public_page
def roadmap(request, section, *, today, preview):
    return _render(request, section, "roadmap", preview=preview, today=today, **selectors.public_roadmap(section.school, today=today))


@public_page
def mentors(request, section, *, today, preview):
    return _render(request, section, "mentors", preview=preview, mentors=list(selectors.public_mentors(section.school)))


@public_page
def programmes(request, section, *, today, preview):
    school = section.school
    return _render(
        request,
        section,
        "programmes",
        preview=preview,
        programmes=list(selectors.running_programmes(school)),
        practices=list(selectors.published_practices(school)),
        competences=resource_map(school)["competences"],
    )


@public_page
def news_list(request, section, *, today, preview):
    news_page = Paginator(selectors.published_news(section.school), NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, section, "news", template="public/news_list.html", preview=preview, news_page=news_page)


@public_page
def news_detail(request, section, *, today, preview, pk):
    post = get_object_or_404(selectors.published_news(section.school), pk=pk)
    return _render(
        request,
        section,
        "news",
        template="public/news_detail.html",
        title=post.title,
        description=post.lead or plain_text(post.body)[:200],
        preview=preview,
        post=post,
    )


# --- files: each checked against what is published, served with a human name


def _public_file(view):
    @wraps(view)
    @require_safe
    def wrapped(request, slug, pk):
        section, _ = _section(request, slug)
        return view(request, section.school, pk)

    return wrapped


# A withdrawn consent or an unpublished order must vanish at once: browsers revalidate every time.
REVALIDATE = "no-cache"


@require_safe
def resource_map_file(request, slug):
    """The school's resource map (apps/practices/resource_map.py) as PDF: what it offers other schools."""
    section, _ = _section(request, slug)
    response = HttpResponse(resource_map_pdf(school=section.school), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition("Ресурсная карта наставничества.pdf", "resource-map.pdf", inline=True)
    response["Cache-Control"] = REVALIDATE
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_public_file
def order_file(request, school, pk):
    """The website's copy of a published order: its text without the names of people who did not allow them
    (apps/documents/public_copy.py); the signed file itself stays behind the login."""
    order = get_object_or_404(published_orders(school=school), pk=pk)
    if not order.has_public_text:
        raise Http404("Текст приказа на сайте не размещается.")
    response = HttpResponse(public_copy.public_copy_pdf(order), content_type="application/pdf")
    filename = f"Приказ № {order.number} от {order.date:%d.%m.%Y} (копия для сайта).pdf"
    response["Content-Disposition"] = content_disposition(filename, f"order-{order.pk}.pdf", inline=True)
    response["Cache-Control"] = REVALIDATE
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_public_file
def act_file(request, school, pk):
    act = get_object_or_404(NormativeAct.objects.for_school(school).filter(is_published=True), pk=pk)
    extension = Path(act.file.name).suffix.lower() if act.file else ""
    return stored_file_response(act.file, filename=f"{act.title[:120]}{extension}", attachment=False, cache_control=REVALIDATE)


@_public_file
def practice_file(request, school, pk):
    attachment = get_object_or_404(
        BestPracticeFile.objects.filter(practice__school=school, practice__is_published=True), pk=pk
    )
    return stored_file_response(
        attachment.file, filename=str(attachment), content_type=attachment.content_type, cache_control=REVALIDATE
    )


@_public_file
def mentor_photo(request, school, pk):
    mentor = get_object_or_404(selectors.public_mentors(school, category=PublicCategory.PHOTO), pk=pk)
    return stored_file_response(
        mentor.photo, filename=f"{mentor.teacher.full_name}.jpg", attachment=False, cache_control=REVALIDATE
    )


@_public_file
def news_image(request, school, pk):
    image = get_object_or_404(
        NewsImage.objects.filter(post__in=selectors.published_news(school).values("pk")), pk=pk
    )
    return stored_file_response(image.image, filename=Path(image.image.name).name, attachment=False, cache_control="public, max-age=3600")


@require_safe
def embed_script(request):
    """The script a school pastes into its website: it frames the section and keeps the frame as tall as the page."""
    response = HttpResponse(EMBED_SCRIPT, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- feeds


class NewsRssFeed(Feed):
    def get_object(self, request, slug):
        section = selectors.section_for(slug)
        if section is None or not section.is_published:
            raise Http404(NOT_PUBLISHED)
        return section

    def title(self, section):
        return f"Наставничество: новости и анонсы — {section.school.short_name}"

    def link(self, section):
        return reverse("public:news", args=[section.school.slug])

    def description(self, section):
        return f"Новости и анонсы системы наставничества педагогических работников {section.school.full_name_in('gen')}."

    def items(self, section):
        return selectors.published_news(section.school).select_related("school")[:20]

    def item_title(self, post):
        prefix = "Анонс: " if post.kind == "announcement" else ""
        return f"{prefix}{post.title}"

    def item_description(self, post):
        return post.lead or plain_text(post.body)[:500]

    def item_link(self, post):
        return reverse("public:news_detail", args=[post.school.slug, post.pk])

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description


def news_rss(request, slug):
    return NewsRssFeed()(request, slug=slug)


def news_atom(request, slug):
    return NewsAtomFeed()(request, slug=slug)
