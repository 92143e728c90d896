"""Each glosa rule: a case that triggers it and one that does not (through the real analysis service)."""

import datetime
from decimal import Decimal

import pytest

from operadora.authorizations.models import Autorizacao
from operadora.claims import codigos, services
from operadora.claims.models import Glosa
from operadora.registry.models import Beneficiario, CoberturaPlano, GrupoProcedimento, PrecoContratado
from operadora.tiss.codigos import descricao

from .conftest import CONSULTA, HEMOGRAMA, HOJE, criar_autorizacao, item

pytestmark = pytest.mark.django_db


def glosas(protocolo, regra=None):
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    qs = Glosa.objects.filter(protocolo=protocolo).order_by("guia_id", "item__sequencial")
    if regra:
        qs = qs.filter(regra=regra)
    return [(g.regra, g.codigo_glosa, g.valor) for g in qs]


def test_todo_codigo_de_glosa_existe_na_tabela_38():
    # given the constants claims uses / then each is in the official TUSS 38 table
    assert all(descricao(codigo) for codigo in codigos.TODOS)


# --- eligibility chain ----------------------------------------------------------------------------------


def test_elegibilidade_carteira_inexistente_e_desligado(protocolo_factory, beneficiario):
    # given a guide with an unknown carteira and one of a member cancelled before the service date
    beneficiario.situacao, beneficiario.data_cancelamento = Beneficiario.Situacao.CANCELADO, datetime.date(2025, 5, 1)
    beneficiario.save()
    protocolo = protocolo_factory([{"carteira": "00000000000", "itens": [item()]},
                                   {"carteira": beneficiario.carteira, "itens": [item()]}])
    # when analysed / then 1001 and 1006, each for the whole item
    assert glosas(protocolo, "elegibilidade") == [("elegibilidade", "1001", Decimal("100.00")),
                                                  ("elegibilidade", "1006", Decimal("100.00"))]
    g = Glosa.objects.get(codigo_glosa="1006")
    assert g.evidencia["data_cancelamento"] == "2025-05-01"


def test_elegibilidade_beneficiario_ativo_nao_glosa(protocolo_factory, beneficiario):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    assert glosas(protocolo, "elegibilidade") == []


def test_procedimento_inexistente_na_tuss(protocolo_factory, beneficiario):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item("10101999")]}])
    assert glosas(protocolo, "procedimento") == [("procedimento", "1801", Decimal("100.00"))]


def test_procedimento_vigente_nao_glosa(protocolo_factory, beneficiario):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(CONSULTA)]}])
    assert glosas(protocolo, "procedimento") == []


def test_segmentacao_odontologica_nao_contratada(protocolo_factory, beneficiario, operadora, plano):
    # given an odontological group the plan (ambulatorial + hospitalar) does not have
    GrupoProcedimento.objects.create(operadora=operadora, codigo="odonto", nome="Odontologia",
                                     segmentacao="odontologica", prefixos_tuss=["8"])
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira,
                                    "itens": [item("81000065"), item(CONSULTA, data=HOJE)]}])
    # then only the odontological item is glosado, with 1025
    assert glosas(protocolo, "segmentacao") == [("segmentacao", "1025", Decimal("100.00"))]


def test_cobertura_procedimento_fora_dos_grupos_do_plano(protocolo_factory, beneficiario):
    # given psychotherapy (201…), in no group of the plan, and a consultation (covered)
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira,
                                    "itens": [item("20104227"), item(CONSULTA)]}])
    assert glosas(protocolo, "cobertura") == [("cobertura", "3287", Decimal("100.00"))]


def test_cobertura_grupo_coberto_nao_glosa(protocolo_factory, beneficiario):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(CONSULTA)]}])
    assert glosas(protocolo, "cobertura") == []


def test_carencia_nao_cumprida_e_urgencia(protocolo_factory, beneficiario):
    # given a member included 13 days before the consultation (carência 30 days)
    beneficiario.data_inclusao = datetime.date(2025, 5, 20)
    beneficiario.save()
    eletiva = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    urgente = protocolo_factory([{"carteira": beneficiario.carteira, "carater_atendimento": "2",
                                  "itens": [item(data=datetime.date(2025, 6, 3))]}])
    # then the elective one is in carência (3171), the urgent one (24 h at most) is not
    assert glosas(eletiva, "carencia") == [("carencia", "3171", Decimal("100.00"))]
    assert glosas(urgente, "carencia") == []


def test_limite_anual_glosa_so_o_excedente(protocolo_factory, beneficiario):
    # given a yearly limit of 2 consultations and 3 billed on different days (one of them with quantity 1)
    CoberturaPlano.objects.filter(grupo__codigo="consultas").update(limite_anual=2)
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [
        item(data=datetime.date(2025, 6, 2)), item(data=datetime.date(2025, 6, 3)), item(data=datetime.date(2025, 6, 4))]}])
    assert glosas(protocolo, "limite_anual") == [("limite_anual", "3293", Decimal("100.00"))]


def test_limite_anual_dentro_do_limite(protocolo_factory, beneficiario):
    CoberturaPlano.objects.filter(grupo__codigo="consultas").update(limite_anual=3)
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [
        item(data=datetime.date(2025, 6, 2)), item(data=datetime.date(2025, 6, 3))]}])
    assert glosas(protocolo, "limite_anual") == []


# --- authorization ------------------------------------------------------------------------------------------


def test_autorizacao_exigida_sem_senha(protocolo_factory, beneficiario, exige_senha_hemograma):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(HEMOGRAMA, unitario="20.00")]}])
    assert glosas(protocolo, "autorizacao") == [("autorizacao", "1818", Decimal("20.00"))]


def test_autorizacao_nao_exigida_sem_senha_nao_glosa(protocolo_factory, beneficiario):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(HEMOGRAMA, unitario="20.00")]}])
    assert glosas(protocolo, "autorizacao") == []


@pytest.mark.parametrize(("caso", "esperado"), [
    ("nunca_emitida", "3306"), ("expirada", "1414"), ("outro_beneficiario", "3306"), ("outro_procedimento", "2505"),
    ("cancelada", "1437"), ("anterior_a_autorizacao", "1814"), ("outro_prestador", "3276"),
])
def test_autorizacao_senha_invalida(caso, esperado, protocolo_factory, beneficiario, operadora, prestador,
                                    outro_prestador, exige_senha_hemograma):
    # given a senha in one of the wrong situations
    dono = beneficiario
    if caso == "outro_beneficiario":
        dono = Beneficiario.objects.create(
            operadora=operadora, carteira="35900010099", nome="Outro", data_nascimento=datetime.date(1990, 1, 1),
            sexo="M", parentesco="titular", contrato=beneficiario.contrato, plano=beneficiario.plano,
            data_inclusao=datetime.date(2024, 1, 2), cadastro_atualizado_em=beneficiario.cadastro_atualizado_em)
    if caso != "nunca_emitida":
        criar_autorizacao(
            operadora=operadora, prestador=outro_prestador if caso == "outro_prestador" else prestador,
            beneficiario=dono, senha="S1", codigo=CONSULTA if caso == "outro_procedimento" else HEMOGRAMA,
            situacao=Autorizacao.Situacao.CANCELADA if caso == "cancelada" else Autorizacao.Situacao.AUTORIZADA,
            validade=datetime.date(2025, 5, 30) if caso == "expirada" else datetime.date(2025, 8, 18),
            data_autorizacao=datetime.date(2025, 6, 10) if caso == "anterior_a_autorizacao" else datetime.date(2025, 5, 20))
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "senha": "S1",
                                    "itens": [item(HEMOGRAMA, unitario="20.00")]}])
    # when analysed / then the matching TUSS 38 code, for the whole item
    assert glosas(protocolo, "autorizacao") == [("autorizacao", esperado, Decimal("20.00"))]


def test_autorizacao_valida_nao_glosa(protocolo_factory, beneficiario, operadora, prestador, exige_senha_hemograma):
    criar_autorizacao(operadora=operadora, prestador=prestador, beneficiario=beneficiario, senha="S1", quantidade=2)
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "senha": "S1",
                                    "itens": [item(HEMOGRAMA, quantidade="2", unitario="20.00")]}])
    assert glosas(protocolo, "autorizacao") == []


def test_autorizacao_quantidade_excedida_glosa_o_excedente_entre_protocolos(
        protocolo_factory, beneficiario, operadora, prestador, exige_senha_hemograma):
    # given 2 authorized, 1 already billed in an earlier protocol, now 2 more
    criar_autorizacao(operadora=operadora, prestador=prestador, beneficiario=beneficiario, senha="S1", quantidade=2)
    anterior = protocolo_factory([{"carteira": beneficiario.carteira, "senha": "S1",
                                   "itens": [item(HEMOGRAMA, unitario="20.00", data=datetime.date(2025, 5, 28))]}])
    assert glosas(anterior, "autorizacao") == []
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "senha": "S1",
                                    "itens": [item(HEMOGRAMA, quantidade="2", unitario="20.00")]}])
    # then one unit (R$ 20,00) is glosada with 3210
    assert glosas(protocolo, "autorizacao") == [("autorizacao", "3210", Decimal("20.00"))]


# --- the other rules -----------------------------------------------------------------------------------------


def test_duplicidade_no_mesmo_e_em_outro_protocolo(protocolo_factory, beneficiario):
    primeiro = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    assert glosas(primeiro, "duplicidade") == []
    segundo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]},
                                 {"carteira": beneficiario.carteira, "itens": [item(data=datetime.date(2025, 6, 3))]}])
    # then the repeated consultation of 02/06 (already in the first protocol) is 3209; 03/06 is not
    assert glosas(segundo, "duplicidade") == [("duplicidade", "3209", Decimal("100.00"))]


def test_preco_acima_do_contratado_glosa_a_diferenca(protocolo_factory, beneficiario, preco_consulta):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira,
                                    "itens": [item(unitario="150.00")]}])
    assert glosas(protocolo, "preco_contratado") == [("preco_contratado", "1705", Decimal("30.00"))]
    assert Glosa.objects.get(regra="preco_contratado").evidencia["valor_contratado"] == "120.00"


def test_preco_igual_ao_contratado_nao_glosa(protocolo_factory, beneficiario, preco_consulta):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="120.00")]}])
    assert glosas(protocolo, "preco_contratado") == []


def test_preco_de_outra_vigencia_nao_vale(protocolo_factory, beneficiario, preco_consulta):
    PrecoContratado.objects.filter(pk=preco_consulta.pk).update(vigencia_fim=datetime.date(2025, 1, 31))
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    assert glosas(protocolo, "preco_contratado") == []


def test_quantidade_maxima(protocolo_factory, beneficiario):
    acima = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(quantidade="2")]}])
    dentro = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(data=datetime.date(2025, 6, 5))]}])
    assert glosas(acima, "quantidade_maxima") == [("quantidade_maxima", "3210", Decimal("100.00"))]
    assert glosas(dentro, "quantidade_maxima") == []


def test_prazo_de_faturamento(protocolo_factory, beneficiario):
    # given 90 days (the operadora's default) and an item executed 151 days before the receipt
    fora = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(data=datetime.date(2025, 1, 2))]}])
    dentro = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(data=datetime.date(2025, 3, 5))]}])
    assert glosas(fora, "prazo_faturamento") == [("prazo_faturamento", "3214", Decimal("100.00"))]
    assert glosas(dentro, "prazo_faturamento") == []


def test_profissional_sem_conselho_e_cbo_incoerente(protocolo_factory, beneficiario):
    sem_conselho = protocolo_factory([{"carteira": beneficiario.carteira, "executante_conselho": "",
                                       "executante_numero": "", "itens": [item()]}])
    dentista = protocolo_factory([{"carteira": beneficiario.carteira, "executante_conselho": "08",
                                   "executante_cbo": "223208", "itens": [item(data=datetime.date(2025, 6, 3))]}])
    assert glosas(sem_conselho, "profissional") == [("profissional", "3269", Decimal("100.00"))]
    assert glosas(dentista, "profissional") == [("profissional", "3233", Decimal("100.00"))]


def test_profissional_coerente_nao_glosa(protocolo_factory, beneficiario):
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()]}])
    assert glosas(protocolo, "profissional") == []


def test_sexo_e_idade_incompativeis(protocolo_factory, beneficiario):
    # given a woman billed a prostatectomy (TUSS 3.12, male genital system) and an adult billed a newborn care
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira,
                                    "itens": [item("31201121", unitario="900.00"), item("10103015")]}])
    assert glosas(protocolo, "sexo_idade") == [("sexo_idade", "1802", Decimal("900.00")),
                                               ("sexo_idade", "1803", Decimal("100.00"))]


def test_sexo_e_idade_compativeis(protocolo_factory, beneficiario):
    beneficiario.sexo = "M"
    beneficiario.save()
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira,
                                    "itens": [item("31201121", unitario="900.00"), item(CONSULTA)]}])
    assert glosas(protocolo, "sexo_idade") == []


def test_regra_desligada_nao_glosa_e_o_protocolo_registra_a_versao(protocolo_factory, beneficiario, operadora,
                                                                   preco_consulta):
    # given the price rule switched off in version 2
    configuracao = services.garantir_regras(operadora).regras | {"preco_contratado": {"ativa": False}}
    services.publicar_regras(operadora=operadora, configuracao=configuracao, observacao="Sem glosa de preço")
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    # then no price glosa, and the analysis recorded v2
    assert glosas(protocolo, "preco_contratado") == []
    assert protocolo.analise.conjunto_regras.versao == 2


def test_parametro_da_regra_muda_o_resultado(protocolo_factory, beneficiario, operadora, preco_consulta):
    configuracao = services.garantir_regras(operadora).regras
    configuracao["preco_contratado"] = {"ativa": True, "parametros": {"tolerancia": "50.00"}}
    services.publicar_regras(operadora=operadora, configuracao=configuracao)
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item(unitario="150.00")]}])
    assert glosas(protocolo, "preco_contratado") == []


# --- outras despesas (materials, drugs, diárias…) -------------------------------------------------------------


def test_despesa_acima_do_contratado_e_de_beneficiario_desligado(protocolo_factory, beneficiario, operadora,
                                                                  prestador):
    # given a material of the provider's own table (00) contracted at R$ 10,00 billed at R$ 12,50 × 4, and the same material
    # for a member cancelled before the service
    PrecoContratado.objects.create(operadora=operadora, prestador=prestador, tabela="00", codigo="70000001",
                                   valor=Decimal("10.00"), vigencia_inicio=datetime.date(2024, 1, 1))
    desligado = Beneficiario.objects.create(
        operadora=operadora, carteira="35900010077", nome="Desligado", data_nascimento=datetime.date(1990, 1, 1),
        sexo="M", parentesco="titular", contrato=beneficiario.contrato, plano=beneficiario.plano,
        data_inclusao=datetime.date(2024, 1, 2), data_cancelamento=datetime.date(2025, 5, 1), situacao="cancelado",
        cadastro_atualizado_em=beneficiario.cadastro_atualizado_em)
    material = {"codigo": "70000001", "tabela": "00", "quantidade": Decimal("4"), "valor_unitario": Decimal("12.50"),
                "data_execucao": HOJE}
    protocolo = protocolo_factory([
        {"carteira": beneficiario.carteira, "itens": [item()], "despesas": [material]},
        {"carteira": desligado.carteira, "itens": [item(data=datetime.date(2025, 6, 3))], "despesas": [material]}])
    services.analisar_protocolo(protocolo_id=protocolo.pk)
    despesas = sorted(Glosa.objects.filter(protocolo=protocolo, despesa__isnull=False)
                      .values_list("codigo_glosa", "valor"))
    # then the price difference (R$ 2,50 × 4) on each; 1006 on the whole second (its own-table code is not
    # checked against TUSS); a line's glosa never passes its value; the items' glosas do not mix with the despesas'
    assert despesas == [("1006", Decimal("50.00")), ("1705", Decimal("10.00")), ("1705", Decimal("10.00"))]
    assert protocolo.analise.valor_glosa == Decimal("160.00")  # 10 + (50, capped) + the second consultation (100)


def test_despesa_no_preco_contratado_nao_glosa(protocolo_factory, beneficiario, operadora, prestador):
    PrecoContratado.objects.create(operadora=operadora, prestador=prestador, tabela="00", codigo="70000001",
                                   valor=Decimal("12.50"), vigencia_inicio=datetime.date(2024, 1, 1))
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()], "despesas": [
        {"codigo": "70000001", "tabela": "00", "quantidade": Decimal("4"), "valor_unitario": Decimal("12.50"),
         "data_execucao": HOJE}]}])
    assert glosas(protocolo) == []


def test_despesa_com_codigo_fora_da_tuss(protocolo_factory, beneficiario):
    # given a drug said to be of TUSS table 20 with a code the table does not have
    protocolo = protocolo_factory([{"carteira": beneficiario.carteira, "itens": [item()], "despesas": [
        {"codigo": "99999999", "tabela": "20", "codigo_despesa": "02", "quantidade": Decimal("1"),
         "valor_unitario": Decimal("8.00"), "data_execucao": HOJE}]}])
    assert glosas(protocolo, "procedimento") == [("procedimento", "1801", Decimal("8.00"))]
