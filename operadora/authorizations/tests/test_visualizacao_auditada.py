"""LGPD: who saw an authorization's clinical content is recorded, on the portal as in the back office."""

import pytest
from django.core.files.base import ContentFile

from operadora.authorizations import services
from operadora.core.models import EventoAuditoria

PDF = b"%PDF-1.4\n%teste\n"


def _acoes_de(cliente, url: str) -> tuple[int, bytes, list[tuple[str, str, int | None]]]:
    antes = EventoAuditoria.objects.order_by("-id").values_list("id", flat=True).first() or 0
    resposta = cliente.get(url)
    corpo = b"".join(resposta.streaming_content) if hasattr(resposta, "streaming_content") else resposta.content
    eventos = list(EventoAuditoria.objects.filter(id__gt=antes).order_by("id")
                   .values_list("acao", "objeto_id", "usuario_id"))
    return resposta.status_code, corpo, eventos


@pytest.mark.django_db
def test_quem_viu_dados_clinicos_da_autorizacao_fica_registrado(solicitar, cliente_portal, cliente_retaguarda,
                                                                settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    autorizacao = solicitar(itens=(("31003079", 1),), cid="K35", indicacao_clinica="Suspeita de apendicite",
                            anexos=[services.ArquivoAnexo(arquivo=ContentFile(PDF, name="pedido.pdf"), tipo="pedido")])
    anexo = autorizacao.anexos.get()
    portal = cliente_portal.usuario.pk
    staff = cliente_retaguarda.usuario.pk
    casos = [
        (cliente_portal, f"/portal/autorizacoes/{autorizacao.pk}/", b"apendicite", "autorizacao.visualizada", portal),
        (cliente_portal, f"/portal/autorizacoes/anexos/{anexo.pk}/", PDF, "autorizacao.anexo_visualizado", portal),
        (cliente_retaguarda, f"/admin/authorizations/autorizacao/{autorizacao.pk}/change/", b"apendicite",
         "admin.visualizado", staff),
    ]
    for cliente, url, conteudo, acao, usuario in casos:
        status, corpo, eventos = _acoes_de(cliente, url)
        assert status == 200 and conteudo in corpo, url
        assert eventos == [(acao, str(autorizacao.pk), usuario)], url
    autorizada = solicitar(indicacao_clinica="Sessões de fisioterapia")  # authorized at once: its guide prints
    status, corpo, eventos = _acoes_de(cliente_portal, f"/portal/autorizacoes/{autorizada.pk}/guia.pdf")
    assert status == 200 and corpo.startswith(b"%PDF")
    assert eventos == [("autorizacao.guia_impressa", str(autorizada.pk), portal)]
