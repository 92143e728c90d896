"""Objects of a given provider for the portal isolation tests (operadora/portal/tests/test_isolamento.py)."""

import datetime

from django.utils import timezone

from operadora.billing import exemplos, services
from operadora.billing.models import AnexoGuia, DocumentoAnexo, FaturamentoAutomatico, Guia, Lote, NotaFiscal
from operadora.core.testing import objeto_de_prestador


def _protocolo(prestador, operadora):
    codigo = prestador.credenciamentos.get(operadora=operadora).codigo_na_operadora
    numero = f"ISO{Lote.objects.count() + 1}"
    lote = exemplos.lote(
        tipo="1",
        quantidade=1,
        numero_lote=numero,
        registro_ans=operadora.registro_ans,
        codigo_prestador=codigo,
        data=timezone.localdate() - datetime.timedelta(days=5),
        prefixo=numero,
    )
    dados = exemplos.arquivo(lote, registro_ans=operadora.registro_ans, codigo_prestador=codigo)
    return services.receber_xml(operadora=operadora, prestador=prestador, dados=dados).protocolo


@objeto_de_prestador("guia_id")
def guia(prestador, operadora):
    return Guia.objects.filter(protocolo=_protocolo(prestador, operadora)).get()


@objeto_de_prestador("lote_id")
def lote(prestador, operadora):
    return _protocolo(prestador, operadora).lote


@objeto_de_prestador("protocolo_id")
def protocolo(prestador, operadora):
    return _protocolo(prestador, operadora)


@objeto_de_prestador("faturamento_id")
def faturamento(prestador, operadora):
    hoje = timezone.localdate()
    return FaturamentoAutomatico.objects.create(
        operadora=operadora,
        prestador=prestador,
        data_inicial=hoje - datetime.timedelta(days=30),
        data_final=hoje - datetime.timedelta(days=1),
    )


@objeto_de_prestador("anexo_clinico_id")
def anexo_clinico(prestador, operadora):
    """An OPME annex of an SP/SADT guide of `prestador` (exportable as ENVIO_ANEXO by its owner)."""
    guia = Guia.objects.create(
        operadora=operadora,
        prestador=prestador,
        tipo="2",
        situacao=Guia.Situacao.DIGITADA,
        numero_guia_prestador=f"ISOA{Guia.objects.count() + 1}",
        carteira="00000000001",
        data_atendimento=timezone.localdate() - datetime.timedelta(days=3),
    )
    return AnexoGuia.objects.create(
        guia=guia,
        tipo=AnexoGuia.Tipo.OPME,
        dados={
            "profissional_nome": "Dra. Isolada",
            "profissional_telefone": "11999990000",
            "justificativa_tecnica": "Fratura",
            "itens": [
                {"tabela": "19", "codigo": "70000001", "descricao": "Placa", "opcao_fabricante": "1", "quantidade": 1}
            ],
        },
    )


@objeto_de_prestador("documento_id")
def documento(prestador, operadora):
    """A medical report `prestador` attached to one of its lotes (the file name only: the view never reaches it)."""
    lote = _protocolo(prestador, operadora).lote
    return DocumentoAnexo.objects.create(operadora=operadora, prestador=prestador, lote=lote,
                                         nome_original="laudo.pdf", tipo_documento="Laudo",
                                         arquivo=f"faturamento/{operadora.pk}/{prestador.pk}/laudo.pdf")


@objeto_de_prestador("nota_fiscal_id")
def nota_fiscal(prestador, operadora):
    """An NF `prestador` sent for a competência (the file name only: the view never reaches it)."""
    return NotaFiscal.objects.create(operadora=operadora, prestador=prestador,
                                     competencia=timezone.localdate().replace(day=1),
                                     numero=f"ISO-NF-{NotaFiscal.objects.count() + 1}",
                                     data_emissao=timezone.localdate(), valor="100.00", formato="pdf",
                                     arquivo=f"faturamento/{operadora.pk}/{prestador.pk}/nf/nf.pdf")
