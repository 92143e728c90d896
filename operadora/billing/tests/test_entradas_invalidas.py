"""Bad input on the provider's billing pages and the billing REST API: never a 500, always a pt-BR message (a form
error, a page message or a 4xx JSON with the TISS code), and nothing changed."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.billing import services
from operadora.billing.models import (
    AnexoGuia,
    DocumentoAnexo,
    FaturamentoAutomatico,
    Guia,
    HistoricoProtocolo,
    ItemGuia,
    Lote,
    NotaFiscal,
    OutraDespesa,
    Protocolo,
)
from operadora.billing.tests import test_faturamento_automatico as _automatico
from operadora.billing.tests.fabricas import nova_guia, passo_3_sp_sadt
from operadora.core.middleware import MENSAGEM_NULO
from operadora.core.models import EventoAuditoria

pytestmark = pytest.mark.django_db
_gerar = _automatico._gerar
atendimentos = _automatico.atendimentos  # the fixture

BASE = "/portal/faturamento"


def _contagens():
    """Rows of every billing table a page of this module may write (compared before and after)."""
    return {
        modelo.__name__: modelo.objects.count()
        for modelo in (
            Guia,
            ItemGuia,
            OutraDespesa,
            AnexoGuia,
            Lote,
            Protocolo,
            HistoricoProtocolo,
            DocumentoAnexo,
            NotaFiscal,
            FaturamentoAutomatico,
            EventoAuditoria,
        )
    }


def _pagina(resposta) -> str:
    assert resposta.status_code == 200, resposta.status_code
    return resposta.content.decode()


@pytest.fixture
def rascunho(cliente_portal, beneficiario):
    """A draft SP/SADT guide typed by the signed-in provider (step 1 saved)."""
    nova_guia(cliente_portal, "2", numero_guia_prestador="R1", beneficiario_busca=beneficiario.carteira)
    return Guia.objects.get()


@pytest.fixture
def lote_com_guia(operadora, prestador, beneficiario, hoje, usuario_prestador):
    """An open typed lote with one saved guide in it and another saved guide available."""
    lote = services.criar_lote(operadora=operadora, prestador=prestador, tipo_guia="1", usuario=usuario_prestador)
    guias = [
        Guia.objects.create(
            operadora=operadora,
            prestador=prestador,
            tipo="1",
            situacao=Guia.Situacao.DIGITADA,
            numero_guia_prestador=numero,
            carteira=beneficiario.carteira,
            beneficiario=beneficiario,
            data_atendimento=hoje - datetime.timedelta(days=3),
            valor_total=Decimal("120.00"),
        )
        for numero in ("L1", "L2")
    ]
    services.adicionar_guias_ao_lote(lote_id=lote.pk, guia_ids=[guias[0].pk], usuario=usuario_prestador)
    lote.refresh_from_db()
    return lote


# --- lotes ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("guia", ["abc", "1.5", "²", "-3"])
def test_remover_guia_do_lote_com_id_que_nao_e_numero(cliente_portal, lote_com_guia, guia):
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/remover/", {"guia": guia}, follow=True)
    assert "Guia inválida: escolha uma das guias listadas no lote." in _pagina(resposta)
    assert _contagens() == antes
    assert Guia.objects.filter(lote=lote_com_guia).count() == 1


@pytest.mark.parametrize("guias", [["²"], ["abc", "9" * 30], ["1²"]])
def test_adicionar_guias_com_ids_que_nao_sao_numeros(cliente_portal, lote_com_guia, guias):
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/adicionar/", {"guias": guias}, follow=True)
    assert "Guia inválida: escolha uma das guias listadas no lote." in _pagina(resposta)
    assert _contagens() == antes
    assert Guia.objects.filter(lote=lote_com_guia).count() == 1


def test_adicionar_guia_de_outro_prestador_nao_entra_no_lote(
    cliente_portal, lote_com_guia, operadora, outro_prestador, beneficiario
):
    alheia = Guia.objects.create(
        operadora=operadora,
        prestador=outro_prestador,
        tipo="1",
        situacao=Guia.Situacao.DIGITADA,
        numero_guia_prestador="X1",
        carteira=beneficiario.carteira,
    )
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/adicionar/", {"guias": [alheia.pk]}, follow=True)
    assert "Guia inválida: escolha uma das guias listadas no lote." in _pagina(resposta)
    alheia.refresh_from_db()
    assert alheia.lote_id is None and _contagens() == antes


def test_cancelar_lote_com_motivo_com_caractere_nulo(cliente_portal, lote_com_guia):
    # a NUL would reach the audit's JSON and the history's text column (PostgreSQL refuses it)
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/cancelar/", {"motivo": "erro\x00de digitação"})
    assert resposta.status_code == 400 and MENSAGEM_NULO in resposta.content.decode()
    lote_com_guia.refresh_from_db()
    assert lote_com_guia.situacao == Lote.Situacao.ABERTO and _contagens() == antes


def test_acao_desconhecida_no_lote(cliente_portal, lote_com_guia):
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/lotes/{lote_com_guia.pk}/explodir/", follow=True)
    assert "Ação desconhecida." in _pagina(resposta)
    assert _contagens() == antes


def test_novo_lote_sem_tipo_valido(cliente_portal):
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/lotes/novo/", {"tipo_guia": "9"}, follow=True)
    assert "Escolha o tipo de guia do lote." in _pagina(resposta)
    assert _contagens() == antes


@pytest.mark.parametrize(
    ("filtros", "mensagem"),
    [
        ({"inicio": "31/02/2026"}, "Informe uma data válida."),
        ({"tipo": "zz"}, "Faça uma escolha válida."),
        ({"situacao_protocolo": "pago_em_dobro"}, "Faça uma escolha válida."),
    ],
)
def test_filtros_de_lotes_invalidos_dizem_o_que_corrigir(cliente_portal, lote_com_guia, filtros, mensagem):
    antes = _contagens()
    assert mensagem in _pagina(cliente_portal.get(f"{BASE}/lotes/", filtros))
    assert _contagens() == antes


@pytest.mark.parametrize("url", ["lotes/", "guias/"])
def test_filtros_com_datas_extremas_listam_o_que_ha(cliente_portal, lote_com_guia, url):
    pagina = _pagina(cliente_portal.get(f"{BASE}/{url}", {"inicio": "0001-01-01", "fim": "9999-12-31"}))
    assert (lote_com_guia.numero if url == "lotes/" else "L1") in pagina


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/lotes/?numero=1%00",
        f"{BASE}/guias/?texto=%00",
        f"{BASE}/tuss/?q=consulta%00",
        f"{BASE}/beneficiarios/?beneficiario_busca=359%00",
        f"{BASE}/valor-negociado/?codigo=1010%00",
        f"{BASE}/documentos/?situacao=%00",
        "/api/v1/faturamento/protocolos/?numero=1%00",
    ],
)
def test_caractere_nulo_na_consulta_e_400_em_portugues(cliente_portal, url):
    resposta = cliente_portal.get(url)
    assert resposta.status_code == 400 and MENSAGEM_NULO in resposta.content.decode()


# --- typed guides (wizard) -----------------------------------------------------------------------------------


@pytest.mark.parametrize("campo", ["itens-TOTAL_FORMS", "despesas-TOTAL_FORMS"])
@pytest.mark.parametrize("valor", ["abc", "²", ""])
def test_incluir_procedimento_com_formulario_adulterado(cliente_portal, rascunho, hoje, campo, valor):
    antes = _contagens()
    dados = passo_3_sp_sadt(hoje, acao="incluir_item", com_despesa="1") | {campo: valor}
    pagina = _pagina(cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/passo/3/", dados))
    assert re.search(r'class="errorlist[^"]*"><li>[^<]*(TOTAL_FORMS|ManagementForm)', pagina)
    assert _contagens() == antes


@pytest.mark.parametrize("valor", ["abc", "²"])
def test_incluir_membro_com_formulario_adulterado(cliente_portal, rascunho, hoje, valor):
    antes = _contagens()
    dados = passo_3_sp_sadt(hoje, acao="incluir_membro") | {
        "equipe-TOTAL_FORMS": valor,
        "equipe-INITIAL_FORMS": "0",
    }
    pagina = _pagina(cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/passo/3/", dados))
    assert re.search(r'class="errorlist[^"]*"><li>[^<]*(TOTAL_FORMS|ManagementForm)', pagina)
    assert _contagens() == antes


@pytest.mark.parametrize(
    ("quantidade", "valor", "itens"),
    [("99999999.9999", "999999999999.99", 1), ("2", "600000.00", 2)],
)
def test_valores_enormes_no_procedimento(cliente_portal, rascunho, hoje, quantidade, valor, itens):
    dados = passo_3_sp_sadt(hoje, **{"itens-TOTAL_FORMS": str(itens)})
    for n in range(itens):
        dados |= {
            f"itens-{n}-tabela": "22",
            f"itens-{n}-codigo": "10101012",
            f"itens-{n}-quantidade": quantidade,
            f"itens-{n}-data_execucao": hoje.isoformat(),
            f"itens-{n}-valor_unitario": valor,
            f"itens-{n}-reducao_acrescimo": "1.00",
        }
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/passo/3/", dados))
    assert "5050 - O valor total do item 1 (R$ " in pagina
    assert "passa do máximo do padrão TISS, R$ 999.999,99" in pagina
    assert _contagens() == antes
    rascunho.refresh_from_db()
    assert rascunho.passo <= 3 and rascunho.valor_total == 0


@pytest.mark.parametrize(
    ("campo", "valor", "mensagem"),
    [
        ("itens-0-quantidade", "-1", "maior ou igual a 0,0001"),
        ("itens-0-quantidade", "0", "maior ou igual a 0,0001"),
        ("itens-0-valor_unitario", "-10", "maior ou igual a 0"),
        ("itens-0-reducao_acrescimo", "-1.00", "maior ou igual a 0,01"),
        ("itens-0-reducao_acrescimo", "99.00", "menor ou igual a 9,99"),
        ("itens-0-data_execucao", "2026-02-31", "Informe uma data válida"),
        ("itens-0-data_execucao", "31/02/2026", "Informe uma data válida"),
    ],
)
def test_procedimento_com_quantidade_valor_ou_data_invalidos(cliente_portal, rascunho, hoje, campo, valor, mensagem):
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/passo/3/", passo_3_sp_sadt(hoje, **{campo: valor})))
    assert mensagem in pagina
    assert _contagens() == antes


@pytest.mark.parametrize(("data", "codigo"), [("0001-01-01", "3214"), ("9999-12-31", "3223")])
def test_procedimento_com_data_no_passado_ou_futuro_extremos_nao_deixa_salvar(
    cliente_portal, rascunho, hoje, data, codigo
):
    resposta = cliente_portal.post(
        f"{BASE}/guias/{rascunho.pk}/passo/3/", passo_3_sp_sadt(hoje, **{"itens-0-data_execucao": data})
    )
    assert resposta.status_code == 302
    assert f"[{codigo}]" in _pagina(cliente_portal.get(f"{BASE}/guias/{rascunho.pk}/passo/6/"))
    resposta = cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/salvar/", follow=True)
    assert "A guia não pôde ser salva" in _pagina(resposta)
    rascunho.refresh_from_db()
    assert rascunho.situacao == Guia.Situacao.RASCUNHO


@pytest.mark.parametrize("data", ["0001-01-01", "9999-12-31", "2026-02-31"])
def test_validar_item_com_datas_extremas(cliente_portal, rascunho, data):
    pagina = _pagina(
        cliente_portal.get(
            f"{BASE}/guias/{rascunho.pk}/validar-item/",
            {"linha": "0", "itens-0-codigo": "10101012", "itens-0-data_execucao": data},
        )
    )
    assert "Sem valor negociado" in pagina or "Valor negociado" in pagina


PASSO_1_INVALIDO = [
    ({"data_autorizacao": "31/02/2026"}, "Informe uma data válida"),
    ({"numero_guia_prestador": "9" * 30}, "no máximo 20 caracteres"),
    ({"beneficiario_busca": ""}, "Este campo é obrigatório"),
    ({"beneficiario_busca": "ninguem"}, "Beneficiário não encontrado"),
    ({"tipo_identificacao": "99"}, "Faça uma escolha válida"),
]


@pytest.mark.parametrize(("dados", "mensagem"), PASSO_1_INVALIDO)
def test_passo_1_invalido(cliente_portal, rascunho, beneficiario, dados, mensagem):
    antes = _contagens()
    base = {"numero_guia_prestador": "G1", "beneficiario_busca": beneficiario.carteira, "acao": "proximo"}
    pagina = _pagina(cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/passo/1/", base | dados))
    assert mensagem in pagina
    rascunho.refresh_from_db()
    assert rascunho.numero_guia_prestador == "R1" and _contagens() == antes


@pytest.mark.parametrize(("dados", "mensagem"), PASSO_1_INVALIDO)
def test_passo_1_invalido_da_guia_nova_nao_cria_nada(cliente_portal, beneficiario, dados, mensagem):
    antes = _contagens()
    base = {"numero_guia_prestador": "G1", "beneficiario_busca": beneficiario.carteira, "acao": "proximo"}
    pagina = _pagina(cliente_portal.post(f"{BASE}/guias/nova/2/", base | dados))
    assert mensagem in pagina
    assert _contagens() == antes


def test_passo_2_com_profissional_de_outro_prestador(cliente_portal, rascunho, outro_prestador):
    from operadora.registry.models import Profissional

    alheio = Profissional.objects.create(
        nome="Dr. Alheio", conselho="06", numero_conselho="999", uf_conselho="SP", cbo="225125"
    )
    alheio.prestadores.add(outro_prestador)
    antes = _contagens()
    for valor in (alheio.pk, "abc", "9" * 30):
        pagina = _pagina(cliente_portal.post(f"{BASE}/guias/{rascunho.pk}/passo/2/", {"profissional": valor}))
        assert "Faça uma escolha válida" in pagina
    rascunho.refresh_from_db()
    assert rascunho.solicitante_id is None and _contagens() == antes


def test_anexo_clinico_com_campos_invalidos(cliente_portal, rascunho):
    antes = _contagens()
    pagina = _pagina(
        cliente_portal.post(
            f"{BASE}/guias/{rascunho.pk}/passo/5/",
            {
                "acao": "anexo_opme",
                "opme-profissional_nome": "Dr",
                "opme-profissional_telefone": "12",
                "opme-justificativa_tecnica": "x",
                "opme-tabela": "19",
                "opme-codigo": "123",
                "opme-descricao": "placa",
                "opme-opcao_fabricante": "1",
                "opme-quantidade": "-5",
            },
        )
    )
    assert "Informe o telefone com DDD" in pagina
    assert _contagens() == antes


# --- automatic billing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("itens", [["²"], ["abc", "1.5"]])
def test_conferir_com_ids_que_nao_sao_numeros(cliente_portal, operadora, prestador, atendimentos, hoje, itens):
    faturamento = _gerar(operadora, prestador, hoje)
    antes = sorted(ItemGuia.objects.values_list("pk", "conferencia"))
    resposta = cliente_portal.post(
        f"{BASE}/automatico/{faturamento.pk}/conferir/", {"itens": itens}, follow=True
    )
    pagina = _pagina(resposta)
    assert "Item inválido: escolha um procedimento desta conferência." in pagina
    assert "Data inválida" not in pagina
    assert sorted(ItemGuia.objects.values_list("pk", "conferencia")) == antes


@pytest.mark.parametrize("data", ["0001-01-01", "9999-12-31", "2026-02-31", ""])
def test_ajustar_data_fora_do_periodo_ou_invalida(cliente_portal, operadora, prestador, atendimentos, hoje, data):
    faturamento = _gerar(operadora, prestador, hoje)
    item = ItemGuia.objects.first()
    antes = sorted(ItemGuia.objects.values_list("pk", "data_execucao"))
    resposta = cliente_portal.post(
        f"{BASE}/automatico/{faturamento.pk}/data/", {"item": item.pk, "data": data}, follow=True
    )
    pagina = _pagina(resposta)
    assert "Data inválida." in pagina or "A data deve estar no período" in pagina
    assert sorted(ItemGuia.objects.values_list("pk", "data_execucao")) == antes


def test_ajustar_data_de_item_de_outro_prestador(
    cliente_portal, operadora, prestador, outro_prestador, beneficiario, hoje
):
    from operadora.billing.tests.fabricas import criar_atendimentos_confirmados

    criar_atendimentos_confirmados(operadora, prestador, beneficiario, hoje, (12,))
    meu = _gerar(operadora, prestador, hoje)
    alheio = ItemGuia.objects.create(
        guia=Guia.objects.create(operadora=operadora, prestador=outro_prestador, tipo="2"),
        sequencial=1,
        tabela="22",
        codigo="10101012",
        quantidade=1,
        data_execucao=hoje - datetime.timedelta(days=20),
        valor_unitario=1,
        valor_total=1,
    )
    resposta = cliente_portal.post(
        f"{BASE}/automatico/{meu.pk}/data/",
        {"item": alheio.pk, "data": (hoje - datetime.timedelta(days=12)).isoformat()},
        follow=True,
    )
    assert "Item inválido" in _pagina(resposta)
    alheio.refresh_from_db()
    assert alheio.data_execucao == hoje - datetime.timedelta(days=20)


@pytest.mark.parametrize(
    "dados",
    [
        {"guia": "abc"},
        {"guia": "9" * 30},
        {"guia": "1", "hora_inicio_faturamento": "25:99"},
        {"guia": "1", "motivo_encerramento": "00"},
    ],
)
def test_ajustar_internacao_com_dados_invalidos(cliente_portal, operadora, prestador, atendimentos, hoje, dados):
    faturamento = _gerar(operadora, prestador, hoje)
    antes = _contagens()
    resposta = cliente_portal.post(f"{BASE}/automatico/{faturamento.pk}/internacao/", dados, follow=True)
    assert "Dados da internação inválidos" in _pagina(resposta)
    assert _contagens() == antes


def test_ajustar_internacao_de_guia_que_nao_e_da_conferencia(
    cliente_portal, operadora, prestador, atendimentos, hoje
):
    faturamento = _gerar(operadora, prestador, hoje)
    guia = Guia.objects.get()  # an SP/SADT guide: not a resumo de internação
    antes = _contagens()
    resposta = cliente_portal.post(
        f"{BASE}/automatico/{faturamento.pk}/internacao/",
        {
            "guia": guia.pk,
            "hora_inicio_faturamento": "08:00",
            "hora_final_faturamento": "10:00",
            "motivo_encerramento": "11",
            "tipo_internacao": "1",
            "regime_internacao": "1",
        },
        follow=True,
    )
    assert "Guia inválida: escolha uma guia de internação desta conferência." in _pagina(resposta)
    assert _contagens() == antes


@pytest.mark.parametrize(
    ("data_final", "mensagem"),
    [
        ("31/02/2026", "Informe uma data válida"),
        ("9999-12-31", "A data final deve ser anterior a hoje."),
        ("0001-01-01", "A data final deve ser posterior à data inicial"),
        ("", "Este campo é obrigatório"),
    ],
)
def test_gerar_faturamento_com_data_final_invalida(cliente_portal, atendimentos, data_final, mensagem):
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/automatico/", {"data_final": data_final}))
    assert mensagem in pagina
    assert _contagens() == antes


def test_conferencia_com_filtros_invalidos(cliente_portal, operadora, prestador, atendimentos, hoje):
    faturamento = _gerar(operadora, prestador, hoje)
    antes = _contagens()
    pagina = _pagina(
        cliente_portal.get(
            f"{BASE}/automatico/{faturamento.pk}/",
            {"estados": ["xyz"], "pagina": "-1"},
        )
    )
    assert "Faça uma escolha válida. xyz não é uma das escolhas disponíveis." in pagina
    assert _contagens() == antes


# --- documents and invoices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dados", "mensagem"),
    [
        ({"valor": "-10"}, "maior ou igual a 0,01"),
        ({"valor": "9" * 20}, "não tenha mais de 14 dígitos no total"),
        ({"competencia": "13/2026"}, "Competência no formato mm/aaaa."),
        ({"competencia": "02/0"}, "Competência no formato mm/aaaa."),
        ({"competencia": "1/2/3"}, "Competência no formato mm/aaaa."),
        ({"data_emissao": "31/02/2026"}, "Informe uma data válida"),
        ({"protocolo": "999"}, "Protocolo não encontrado."),
        ({"numero": "   "}, "Este campo é obrigatório"),
    ],
)
def test_nota_fiscal_invalida(cliente_portal, hoje, dados, mensagem):
    base = {
        "arquivo": SimpleUploadedFile("nf.pdf", b"%PDF-1.4"),
        "numero": "9",
        "data_emissao": hoje.isoformat(),
        "valor": "10.00",
        "competencia": hoje.strftime("%m/%Y"),
    }
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/notas-fiscais/", base | dados))
    assert mensagem in pagina
    assert _contagens() == antes


def test_nota_fiscal_repetida(cliente_portal, hoje):
    def enviar():
        return cliente_portal.post(
            f"{BASE}/notas-fiscais/",
            {
                "arquivo": SimpleUploadedFile("nf.pdf", b"%PDF-1.4"),
                "numero": "77",
                "data_emissao": hoje.isoformat(),
                "valor": "10.00",
                "competencia": hoje.strftime("%m/%Y"),
            },
        )

    assert enviar().status_code == 302
    antes = _contagens()
    assert "A nota fiscal nº 77 já foi enviada." in _pagina(enviar())
    assert _contagens() == antes


def test_documento_sem_arquivo(cliente_portal):
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/documentos/", {"guia": "D1"}))
    assert "Este campo é obrigatório" in pagina
    assert _contagens() == antes


def test_documento_com_arquivo_vazio(cliente_portal):
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/documentos/", {"guia": "D1", "arquivo": SimpleUploadedFile("x.pdf", b"")}))
    assert "O arquivo submetido está v" in pagina
    assert _contagens() == antes


# --- XML upload (page and API) -------------------------------------------------------------------------------


def _xml(nome, dados):
    return SimpleUploadedFile(nome, dados, content_type="application/xml")


BOMBA = (
    b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x>&c;</x>'
)


@pytest.mark.parametrize(
    "dados",
    [
        b"",
        b"\xff\xfe\x00<\x00x",
        "<?xml version='1.0' encoding='ISO-8859-1'?><x>ção</x>".encode(),
        BOMBA,
        b"<" * 100,
    ],
)
def test_upload_de_xml_invalido_pela_api_e_422_com_codigo(cliente_portal, dados):
    antes = _contagens()
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", {"arquivo": _xml("x.xml", dados)})
    assert resposta.status_code in (400, 422), resposta.status_code
    corpo = resposta.json()
    assert corpo and (isinstance(corpo, dict) or corpo[0]["codigo"])
    assert _contagens() == antes


def test_upload_de_mensagem_tiss_que_nao_e_lote(cliente_portal, operadora, prestador):
    """A valid TISS message of another transaction (a SOLICITACAO_PROCEDIMENTOS, XSD-valid with its hash) is
    refused with 5001 by the page and by the API, and nothing is recorded."""
    from operadora.tiss import builders
    from operadora.tiss import exemplos as exemplos_tiss
    from operadora.tiss.guias import PrestadorIdentificacao

    codigo = prestador.credenciamentos.get(operadora=operadora).codigo_na_operadora
    dados = builders.construir_mensagem(
        exemplos_tiss.solicitacao_procedimento(),
        versao="4.03.00",
        sequencial_transacao="1",
        registro_ans=operadora.registro_ans,
        prestador=PrestadorIdentificacao(codigo_prestador_na_operadora=codigo),
    )
    assert b"SOLICITACAO_PROCEDIMENTOS" in dados
    antes = _contagens()
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", {"arquivo": _xml("x.xml", dados)})
    assert resposta.status_code == 422
    assert [(e["codigo"], e["mensagem"]) for e in resposta.json()] == [
        ("5001", "O arquivo é uma transação SOLICITACAO_PROCEDIMENTOS; aqui se recebe ENVIO_LOTE_GUIAS.")
    ]
    pagina = _pagina(cliente_portal.post(f"{BASE}/xml/", {"arquivos": [_xml("s.xml", dados)]}))
    assert "Arquivo recusado" in pagina and "aqui se recebe ENVIO_LOTE_GUIAS" in pagina
    assert _contagens() == antes


def test_api_sem_arquivo(cliente_portal):
    antes = _contagens()
    resposta = cliente_portal.post("/api/v1/faturamento/lotes/", {})
    assert resposta.status_code == 422
    assert resposta.json()[0] == {
        "linha": None,
        "campo": "arquivo",
        "codigo": "5002",
        "mensagem": "Envie o arquivo XML no campo 'arquivo'.",
    }
    assert _contagens() == antes


@pytest.mark.parametrize("parametros", [{"numero": "abc"}, {"numero": "x" * 500}, {"numero": "9" * 40}])
def test_api_protocolos_com_filtros_sem_sentido_devolve_lista_vazia(cliente_portal, operadora, prestador, arquivo_lote, parametros):
    services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote())
    resposta = cliente_portal.get("/api/v1/faturamento/protocolos/", parametros)
    assert resposta.status_code == 200 and resposta.json()["results"] == []


def test_api_protocolos_com_situacao_desconhecida_e_400(cliente_portal):
    # an unknown situação was an empty list, indistinguishable from "none in that situação" (test_api.py has more)
    resposta = cliente_portal.get("/api/v1/faturamento/protocolos/", {"situacao": "x" * 500})
    assert resposta.status_code == 400 and "Situação de protocolo desconhecida" in resposta.json()["detail"]


def test_api_protocolo_inexistente_e_404(cliente_portal):
    resposta = cliente_portal.get("/api/v1/faturamento/protocolos/99999999/")
    assert resposta.status_code == 404 and resposta.json()["detail"]


def test_pagina_xml_com_arquivo_vazio_e_bomba(cliente_portal):
    antes = _contagens()
    pagina = _pagina(cliente_portal.post(f"{BASE}/xml/", {"arquivos": [_xml("b.xml", BOMBA)]}))
    assert "Arquivo recusado" in pagina
    assert _contagens() == antes
