"""The filters of the provider's lote list (/portal/faturamento/lotes/) and of the back office's protocol list
(/operadora/protocolos/), walked in the browser: a filter the page cannot read says so and lists nothing (it
listed every lote/protocol, unfiltered, under the other filters as if applied), a period that ends before it starts
is refused in pt-BR, and the back office list pages with its filters kept."""

import pytest
from django.utils import timezone

from operadora.billing.models import Guia, Lote, Protocolo

PORTAL = "/portal/faturamento/lotes/"
RETAGUARDA = "/operadora/protocolos/"
NAO_PESQUISADO = "Corrija o filtro destacado: a pesquisa não foi feita."


def _lote_com_protocolo(operadora, prestador, numero: str, tipo: str = "1") -> Lote:
    lote = Lote.objects.create(
        operadora=operadora, prestador=prestador, numero=numero, tipo_guia=tipo, situacao=Lote.Situacao.ENVIADO
    )
    Protocolo.objects.create(
        operadora=operadora, prestador=prestador, lote=lote, numero=f"P{numero}", recebido_em=timezone.now(),
        origem="xml", tipo_guia=tipo,
    )
    return lote


@pytest.fixture
def dois_lotes(operadora, prestador):
    return _lote_com_protocolo(operadora, prestador, "L1"), _lote_com_protocolo(operadora, prestador, "L2", "2")


def _lotes_listados(resposta) -> set[str]:
    pagina = resposta.content.decode()
    return {lote.numero for lote in Lote.objects.all() if f"/portal/faturamento/lotes/{lote.pk}/" in pagina}


def _protocolos_listados(resposta) -> set[str]:
    pagina = resposta.content.decode()
    return {p.numero for p in Protocolo.objects.all() if f"/operadora/protocolos/{p.pk}/" in pagina}


@pytest.mark.django_db
def test_cada_filtro_de_lotes_restringe_a_lista(cliente_portal, dois_lotes):
    hoje = timezone.localdate().isoformat()
    assert _lotes_listados(cliente_portal.get(PORTAL, {"numero": "L1"})) == {"L1"}
    assert _lotes_listados(cliente_portal.get(PORTAL, {"protocolo": "PL2"})) == {"L2"}
    assert _lotes_listados(cliente_portal.get(PORTAL, {"tipo": "2"})) == {"L2"}
    assert _lotes_listados(cliente_portal.get(PORTAL, {"inicio": hoje, "fim": hoje})) == {"L1", "L2"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filtros", "mensagem"),
    [
        ({"numero": "L1", "inicio": "2026-13-45"}, "Informe uma data válida."),
        ({"numero": "L1", "tipo": "9"}, "Faça uma escolha válida."),
        ({"inicio": "2026-11-30", "fim": "2026-11-01"}, "O fim do período é anterior ao início."),
    ],
)
def test_filtro_de_lotes_invalido_diz_o_que_corrigir_e_nao_lista_sem_filtro(
    cliente_portal, dois_lotes, filtros, mensagem
):
    # when the provider filters by lote number with a date (or a type) the page cannot read
    resposta = cliente_portal.get(PORTAL, filtros)
    # then it says what to correct and lists nothing (it listed L1 and L2, as if the number had been applied)
    pagina = resposta.content.decode()
    assert resposta.status_code == 200 and mensagem in pagina and NAO_PESQUISADO in pagina
    assert _lotes_listados(resposta) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filtros",
    [
        {"lote": "L1", "inicio": "2026-13-45"},
        {"lote": "L1", "operadora": "abc"},
        {"inicio": "2026-11-30", "fim": "2026-11-01"},
    ],
)
def test_filtro_de_protocolos_invalido_nao_lista_sem_filtro(cliente_retaguarda, dois_lotes, filtros):
    resposta = cliente_retaguarda.get(RETAGUARDA, filtros)
    assert resposta.status_code == 200 and NAO_PESQUISADO in resposta.content.decode()
    assert _protocolos_listados(resposta) == set()


@pytest.mark.django_db
def test_protocolos_da_retaguarda_paginam_mantendo_os_filtros(cliente_retaguarda, operadora, prestador):
    # given 60 SP/SADT protocols and one consulta (the list showed the first 200 and no way to the others)
    for n in range(60):
        _lote_com_protocolo(operadora, prestador, f"S{n}", "2")
    _lote_com_protocolo(operadora, prestador, "C1", "1")
    # when the analyst filters SP/SADT and follows the next-page link
    primeira = cliente_retaguarda.get(RETAGUARDA, {"tipo": "2"})
    pagina = primeira.content.decode()
    assert "Protocolos recebidos (60)" in pagina and "Página 1 de 2" in pagina
    assert 'href="?tipo=2&amp;pagina=2"' in pagina
    segunda = cliente_retaguarda.get(RETAGUARDA, {"tipo": "2", "pagina": "2"})
    # then the second page has the rest of the SP/SADT ones, never the consulta
    vistos = _protocolos_listados(primeira) | _protocolos_listados(segunda)
    assert len(_protocolos_listados(segunda)) == 10
    assert vistos == {f"PS{n}" for n in range(60)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filtros", "mensagem"),
    [
        ({"texto": "G1", "inicio": "2026-13-45"}, "Informe uma data válida."),
        ({"texto": "G1", "inicio": "2026-11-30", "fim": "2026-11-01"}, "O fim do período é anterior ao início."),
    ],
)
def test_filtro_de_guias_invalido_diz_o_que_corrigir_e_nao_lista_sem_filtro(
    cliente_portal, operadora, prestador, filtros, mensagem
):
    guias = [
        Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1", situacao="digitada",
                            numero_guia_prestador=numero)
        for numero in ("G1", "G2")
    ]  # fmt: skip
    pagina = cliente_portal.get("/portal/faturamento/guias/", filtros).content.decode()
    assert mensagem in pagina and NAO_PESQUISADO in pagina
    assert not [g for g in guias if f"/portal/faturamento/guias/{g.pk}/" in pagina]


@pytest.mark.django_db
def test_lote_cancelado_antes_de_enviar_e_cancelado_nao_um_nao_enviado(cliente_portal, operadora, prestador):
    """Seed 004: 'Não enviado' is a lote not yet sent. A lote cancelled before sending (a typed lote, or the lote of a
    cancelled automatic billing) will never be sent: the filter 'Cancelado' finds it, 'Não enviado' does not, and
    its row says Cancelado (it said 'Não enviado' and only that filter found it)."""
    Lote.objects.create(operadora=operadora, prestador=prestador, numero="ABERTO", tipo_guia="1")
    Lote.objects.create(
        operadora=operadora, prestador=prestador, numero="DESISTIDO", tipo_guia="1", situacao=Lote.Situacao.CANCELADO
    )
    enviado = _lote_com_protocolo(operadora, prestador, "L9")
    Protocolo.objects.filter(lote=enviado).update(situacao=Protocolo.Situacao.CANCELADO)
    assert _lotes_listados(cliente_portal.get(PORTAL, {"situacao_protocolo": "nao_enviado"})) == {"ABERTO"}
    assert _lotes_listados(cliente_portal.get(PORTAL, {"situacao_protocolo": "cancelado"})) == {"DESISTIDO", "L9"}
    pagina = cliente_portal.get(PORTAL, {"numero": "DESISTIDO"}).content.decode()
    assert "Não enviado" not in pagina.split("<tbody>", 1)[1]
