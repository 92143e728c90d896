"""LGPD on the typed guide: who saw its clinical content (summary, clinical annexes as XML, the lote's export) and
who changed it are recorded — the names of the fields changed, never their values."""

import pytest

from operadora.billing import services
from operadora.billing.models import AnexoGuia, Lote
from operadora.billing.tests import test_digitacao_internacao_anexos as _internacao
from operadora.billing.tests.test_envio_anexo import _guia_com_anexos
from operadora.core.models import EventoAuditoria

pytestmark = pytest.mark.django_db
cirurgiao = _internacao.cirurgiao


def _eventos_de(acao):
    antes = EventoAuditoria.objects.order_by("-id").values_list("id", flat=True).first() or 0
    resultado = acao()
    return resultado, list(EventoAuditoria.objects.filter(id__gt=antes).order_by("id")
                           .values_list("acao", "objeto_tipo", "objeto_id", "usuario_id", "detalhes"))


def test_quem_viu_o_resumo_e_os_anexos_clinicos_da_guia_fica_registrado(cliente_portal, beneficiario, cirurgiao,
                                                                        preco_consulta, hoje):
    guia, base = _guia_com_anexos(cliente_portal, beneficiario, cirurgiao, hoje, ["quimioterapia"])
    anexo = AnexoGuia.objects.get(guia=guia)
    usuario = cliente_portal.usuario.pk
    resumo, eventos = _eventos_de(lambda: cliente_portal.get(f"{base}/passo/6/"))
    assert resumo.status_code == 200
    assert [(e[0], e[2], e[3]) for e in eventos] == [("billing.guia_visualizada", str(guia.pk), usuario)]
    xml, eventos = _eventos_de(lambda: cliente_portal.get(f"/portal/faturamento/anexos-clinicos/{anexo.pk}/envio.xml"))
    assert xml.status_code == 200 and b"C509" in xml.content
    assert [(e[0], e[2], e[3]) for e in eventos] == [("billing.anexo_clinico_exportado", str(guia.pk), usuario)]

    assert cliente_portal.post(f"/portal/faturamento/guias/{guia.pk}/salvar/").status_code == 302
    lote = Lote.objects.get(pk=int(cliente_portal.post("/portal/faturamento/lotes/novo/", {"tipo_guia": "2"})
                                   ["Location"].rstrip("/").rsplit("/", 1)[1]))
    cliente_portal.post(f"/portal/faturamento/lotes/{lote.pk}/adicionar/", {"guias": [guia.pk]})
    for url, acao in ((f"/portal/faturamento/lotes/{lote.pk}/envio.xml", "billing.lote_exportado"),
                      (f"/portal/faturamento/lotes/{lote.pk}/anexos/", "billing.anexos_do_lote_exportados")):
        resposta, eventos = _eventos_de(lambda url=url: cliente_portal.get(url))
        assert resposta.status_code == 200, url
        assert [(e[0], e[2], e[3]) for e in eventos] == [(acao, str(lote.pk), usuario)], url


def test_quem_mudou_a_indicacao_clinica_e_o_cid_fica_registrado_sem_os_valores(cliente_portal, beneficiario,
                                                                              cirurgiao, preco_consulta, hoje):
    guia, _ = _guia_com_anexos(cliente_portal, beneficiario, cirurgiao, hoje, [])
    _, eventos = _eventos_de(lambda: services.atualizar_guia(
        guia_id=guia.pk, dados={"indicacao_clinica": "Neoplasia de mama", "diagnosticos": ["C509"]}, passo=2,
        usuario=cliente_portal.usuario))
    assert [(e[0], e[2], e[3], e[4]) for e in eventos] == [
        ("billing.guia_alterada", str(guia.pk), cliente_portal.usuario.pk,
         {"campos": ["diagnosticos", "indicacao_clinica"]})]
    assert "Neoplasia" not in str(EventoAuditoria.objects.filter(acao="billing.guia_alterada").values())
    _, eventos = _eventos_de(lambda: services.atualizar_guia(  # saved again unchanged: nothing to record
        guia_id=guia.pk, dados={"indicacao_clinica": "Neoplasia de mama"}, passo=2, usuario=cliente_portal.usuario))
    assert eventos == []
