"""Receipt of lote files: the shared rules, idempotency, refused files change nothing, bulk persistence."""

import pytest
from lxml import etree

from operadora.billing import codigos, services
from operadora.billing.models import (
    Guia,
    HistoricoProtocolo,
    ItemGuia,
    Lote,
    MembroEquipe,
    OutraDespesa,
    Protocolo,
)
from operadora.core.models import EventoAuditoria
from operadora.tiss import hashing


def _contagem():
    return (
        Lote.objects.count(),
        Protocolo.objects.count(),
        Guia.objects.count(),
        ItemGuia.objects.count(),
        HistoricoProtocolo.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("tipo", ["1", "2", "3", "4", "5"])
def test_recebe_lote_de_cada_tipo_e_da_protocolo(operadora, prestador, arquivo_lote, tipo):
    # given a valid file of each guide type
    dados = arquivo_lote(tipo=tipo, quantidade=3, itens=2)
    # when it is received
    resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
    # then a protocol in "Enviado à operadora" holds the guides and their items
    assert resultado.aceito, resultado.erros
    protocolo = resultado.protocolo
    assert protocolo.situacao == Protocolo.Situacao.RECEBIDO and protocolo.codigo_situacao_tiss == "1"
    assert protocolo.quantidade_guias == 3 and protocolo.tipo_guia == tipo
    guias = Guia.objects.filter(protocolo=protocolo)
    assert guias.count() == 3 and set(guias.values_list("situacao", flat=True)) == {"enviada"}
    assert protocolo.valor_informado == sum(g.valor_total for g in guias)
    assert ItemGuia.objects.filter(guia__protocolo=protocolo).count() >= 3
    assert all(g.data_atendimento for g in guias)
    assert list(protocolo.historico.values_list("situacao", flat=True)) == ["recebido"]


@pytest.mark.django_db
def test_sp_sadt_guarda_equipe_outras_despesas_e_profissional_do_item(operadora, prestador, arquivo_lote):
    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(tipo="2", quantidade=1, itens=2)
    )
    guia = Guia.objects.get(protocolo=resultado.protocolo)
    assert guia.senha == "SENHA1" and guia.numero_guia_operadora
    item = guia.itens.first()
    assert (item.executante_conselho, item.executante_uf, item.executante_cbo) == ("06", "35", "225125")
    assert MembroEquipe.objects.filter(item__guia=guia).count() == 2
    assert OutraDespesa.objects.filter(guia=guia).count() == 1
    assert guia.valor_materiais > 0


@pytest.mark.django_db
def test_reenvio_do_mesmo_lote_devolve_o_primeiro_protocolo(operadora, prestador, arquivo_lote):
    # given a lote already received
    primeiro = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(quantidade=2)
    )
    antes = _contagem()
    # when the same lote comes again in another transaction (new sequencial, same content)
    segundo = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(quantidade=2, sequencial="2")
    )
    # then the first protocol is returned and nothing was added
    assert segundo.aceito and not segundo.novo
    assert segundo.protocolo.pk == primeiro.protocolo.pk
    assert _contagem() == antes


@pytest.mark.django_db
def test_mesmo_numero_de_lote_com_outro_conteudo_e_recusado(operadora, prestador, arquivo_lote):
    services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote(quantidade=1))
    antes = _contagem()
    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(quantidade=2, prefixo="X")
    )
    assert not resultado.aceito
    assert [e.codigo for e in resultado.erros] == [codigos.NUMERO_LOTE_JA_INFORMADO]
    assert _contagem() == antes


@pytest.mark.django_db
def test_guia_fora_do_prazo_recusa_o_arquivo_inteiro_sem_gravar_nada(operadora, prestador, arquivo_lote):
    # given a file whose guides are older than the 90-day billing deadline
    dados = arquivo_lote(quantidade=2, dias_atras=120)
    antes, auditoria = _contagem(), EventoAuditoria.objects.count()
    # when it is received
    resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
    # then each guide is listed with code 3214 and nothing changed
    assert not resultado.aceito
    assert [e.codigo for e in resultado.erros] == [codigos.COBRANCA_FORA_DO_PRAZO] * 2
    assert "fora do prazo de faturamento de 90 dias" in resultado.erros[0].mensagem
    assert _contagem() == antes and EventoAuditoria.objects.count() == auditoria


@pytest.mark.django_db
def test_arquivo_invalido_no_xsd_volta_com_linha_campo_e_mensagem(operadora, prestador, arquivo_lote):
    dados = arquivo_lote().replace(b"<ans:atendimentoRN>N<", b"<ans:atendimentoRN>X<", 1)
    antes = _contagem()
    resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
    assert not resultado.aceito and resultado.erros[0].linha
    assert "atendimentoRN" in resultado.erros[0].caminho and resultado.erros[0].mensagem
    assert _contagem() == antes


@pytest.mark.django_db
def test_arquivo_de_outro_prestador_ou_outra_operadora_e_recusado(
    operadora, prestador, outro_prestador, arquivo_lote
):
    # the file says it comes from prestador 100001; the signed-in one is outro_prestador
    resultado = services.receber_xml(operadora=operadora, prestador=outro_prestador, dados=arquivo_lote())
    assert [e.codigo for e in resultado.erros] == [codigos.REMETENTE_NAO_IDENTIFICADO]
    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(registro_ans="421456")
    )
    assert not resultado.aceito and {e.codigo for e in resultado.erros} >= {codigos.REGISTRO_ANS_INVALIDO}
    assert Lote.objects.count() == 0


@pytest.mark.django_db
def test_guia_ja_apresentada_em_outro_lote_e_recusada(operadora, prestador, arquivo_lote):
    services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="1"))
    resultado = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="2")
    )
    assert [e.codigo for e in resultado.erros] == [codigos.GUIA_JA_APRESENTADA]


@pytest.mark.django_db
def test_lote_de_100_guias_e_gravado_em_massa(somente_postgresql,
    operadora, prestador, arquivo_lote, django_assert_max_num_queries
):
    dados = arquivo_lote(tipo="2", quantidade=100, itens=3)
    with django_assert_max_num_queries(20):
        resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
    assert resultado.aceito and resultado.protocolo.quantidade_guias == 100


@pytest.mark.django_db
def test_recebimento_nao_cresce_em_consultas_com_o_tamanho_do_lote(somente_postgresql, operadora, prestador, arquivo_lote):
    # given lotes of 2 and of 100 SP/SADT guides (3 procedures + 1 outra despesa each)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    primeiro = arquivo_lote(tipo="2", quantidade=1, numero_lote="1", prefixo="A")
    assert services.receber_xml(operadora=operadora, prestador=prestador, dados=primeiro).novo  # warm caches
    pequeno = arquivo_lote(tipo="2", quantidade=2, itens=3, numero_lote="2", prefixo="P")
    grande = arquivo_lote(tipo="2", quantidade=100, itens=3, numero_lote="3", prefixo="G")
    # when each one is received
    with CaptureQueriesContext(connection) as poucas:
        assert services.receber_xml(operadora=operadora, prestador=prestador, dados=pequeno).novo
    with CaptureQueriesContext(connection) as muitas:
        assert services.receber_xml(operadora=operadora, prestador=prestador, dados=grande).novo
    # then the same statements: one read of what the database knows, keys reserved at once, rows by COPY
    assert len(muitas) == len(poucas) <= 10, [q["sql"][:80] for q in muitas.captured_queries]
    assert Guia.objects.filter(numero_guia_prestador__startswith="G").count() == 100
    assert ItemGuia.objects.filter(guia__numero_guia_prestador__startswith="G").count() == 300
    assert MembroEquipe.objects.filter(item__guia__numero_guia_prestador__startswith="G").count() == 300
    assert OutraDespesa.objects.filter(guia__numero_guia_prestador__startswith="G").count() == 100


@pytest.mark.django_db
def test_codigos_de_recusa_existem_na_tabela_38():
    import tiss

    for codigo in codigos.TODOS:
        assert tiss.glosa(codigo), codigo


@pytest.mark.django_db
@pytest.mark.parametrize("tipo", ["1", "2", "3", "4", "5"])
def test_ida_e_volta_o_lote_gravado_vira_envio_lote_guias_valido(operadora, prestador, arquivo_lote, tipo):
    # given a lote received from a file
    from operadora.billing import mensagens_tiss, selectors
    from operadora.tiss.validation import validar

    protocolo = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(tipo=tipo, quantidade=2, itens=2)
    ).protocolo
    # when the stored rows are exported as ENVIO_LOTE_GUIAS
    dados = mensagens_tiss.envio_lote_xml(protocolo.lote)
    # then the engine validates it and it carries the same guides and totals
    relatorio = validar(dados, selectors.politica_da_operadora(operadora), selectors.registro_schemas())
    assert relatorio.valido, relatorio.erros
    guias = relatorio.mensagem.lote.guias
    assert len(guias) == 2
    assert sum(g.valor_total_informado for g in guias) == protocolo.valor_informado


@pytest.mark.django_db
def test_conhecido_do_recebimento_acha_lote_guias_apresentadas_e_carteiras(
    operadora, outra_operadora, prestador, outro_prestador, beneficiario, arquivo_lote
):
    from operadora.billing.selectors import conhecido_do_recebimento

    # given a received lote "1" (guides G…), a cancelled lote "9", a draft and a cancelled guide, and another
    # provider's guide with the same number
    recebido = services.receber_xml(
        operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="1", quantidade=2, prefixo="G")
    )
    assert recebido.aceito
    cancelado = Lote.objects.create(operadora=operadora, prestador=prestador, numero="9", tipo_guia="1",
                                    situacao=Lote.Situacao.CANCELADO)
    for numero, situacao in (("R1", Guia.Situacao.RASCUNHO), ("C1", Guia.Situacao.CANCELADA)):
        Guia.objects.create(operadora=operadora, prestador=prestador, tipo="1", situacao=situacao,
                            numero_guia_prestador=numero)
    Guia.objects.create(operadora=operadora, prestador=outro_prestador, tipo="1", situacao=Guia.Situacao.ENVIADA,
                        numero_guia_prestador="X1")
    numeros = list(Guia.objects.filter(prestador=prestador, lote__numero="1").values_list(
        "numero_guia_prestador", flat=True))

    def conhecido(numero_lote, numeros_guias, carteiras, operadora_id=operadora.pk):
        return conhecido_do_recebimento(operadora_id=operadora_id, prestador_id=prestador.pk,
                                        numero_lote=numero_lote, numeros_guias=numeros_guias, carteiras=carteiras)

    # then each lookup answers what the receipt rules need, and nothing of other providers or operadoras
    achado = conhecido("1", [*numeros, "R1", "C1", "X1", "nova"], [beneficiario.carteira, "000"])
    assert achado.lote_id == recebido.protocolo.lote_id
    assert achado.numeros_apresentados == frozenset(numeros)
    assert achado.beneficiarios == {beneficiario.carteira: beneficiario.pk}
    assert cancelado.pk and conhecido("9", [], []).lote_id is None  # a cancelled lote frees its number
    de_outra = conhecido("1", numeros, [beneficiario.carteira], operadora_id=outra_operadora.pk)
    assert (de_outra.lote_id, de_outra.numeros_apresentados, de_outra.beneficiarios) == (None, frozenset(), {})


@pytest.mark.django_db
def test_guia_ja_apresentada_com_espacos_em_volta_do_numero_e_recusada(operadora, prestador, arquivo_lote):
    services.receber_xml(operadora=operadora, prestador=prestador, dados=arquivo_lote(numero_lote="1"))
    segundo = arquivo_lote(numero_lote="2")
    numero = Guia.objects.get().numero_guia_prestador.encode()
    raiz = etree.fromstring(segundo.replace(b">" + numero + b"<", b"> " + numero + b" <"))
    hashing.escrever_hash(raiz)  # o remetente refaz o hash do arquivo alterado
    segundo = etree.tostring(raiz, xml_declaration=True, encoding="ISO-8859-1")

    resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=segundo)

    assert [e.codigo for e in resultado.erros] == [codigos.GUIA_JA_APRESENTADA]
    assert Guia.objects.count() == 1
