from django.contrib import admin
from django.urls import include, path

from operadora.core import views as core_views

admin.site.site_header = "Operadora Aberta — administração"
admin.site.site_title = "Operadora Aberta"

urlpatterns = [
    path("", core_views.inicio, name="inicio"),
    path("portal/autorizacoes/", include("operadora.authorizations.urls_portal")),
    path("operadora/auditoria/", include("operadora.authorizations.urls_auditoria")),
    path("portal/faturamento/", include("operadora.billing.urls_portal")),
    path("operadora/protocolos/", include("operadora.billing.urls_retaguarda")),
    path("portal/demonstrativos/", include("operadora.claims.urls_demonstrativos")),
    path("portal/recursos/", include("operadora.claims.urls_recursos")),
    path("operadora/contas/", include("operadora.claims.urls_contas")),
    path("operadora/pagamentos/", include("operadora.claims.urls_pagamentos")),
    path("portal/", include("operadora.portal.urls")),
    path("operadora/", include("operadora.backoffice.urls")),
    path("api/v1/faturamento/", include("operadora.billing.urls_api")),
    path("api/v1/", include("operadora.api.urls")),
    path("admin/", admin.site.urls),
]

# the templates 400/403/404/500.html for pages; JSON under /api/
handler400 = "operadora.core.views.erro_400"
handler403 = "operadora.core.views.erro_403"
handler404 = "operadora.core.views.erro_404"
handler500 = "operadora.core.views.erro_500"
