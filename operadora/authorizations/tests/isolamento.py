"""Objects of a given provider for the portal isolation tests (operadora/portal/tests/test_isolamento.py)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from operadora.authorizations.models import AnexoAutorizacao, Atendimento, Autorizacao, ItemAutorizacao
from operadora.core.testing import objeto_de_prestador
from operadora.registry.models import Beneficiario, Contrato, Plano


def _beneficiario(operadora) -> Beneficiario:
    plano, _ = Plano.objects.get_or_create(
        operadora=operadora, registro_ans_produto=f"{operadora.registro_ans}999",
        defaults={"nome": "Isolamento", "segmentacoes": ["ambulatorial"], "abrangencia": "estadual",
                  "contratacao": "individual"})
    contrato, _ = Contrato.objects.get_or_create(operadora=operadora, numero="ISO1",
                                                 defaults={"tipo": "PF", "dia_vencimento": 5,
                                                           "data_inicio": datetime.date(2024, 1, 1)})
    beneficiario, _ = Beneficiario.objects.get_or_create(
        operadora=operadora, carteira="ISO0001",
        defaults={"nome": "Beneficiária Isolamento", "data_nascimento": datetime.date(1990, 1, 1), "sexo": "F",
                  "parentesco": "titular", "contrato": contrato, "plano": plano,
                  "data_inclusao": datetime.date(2024, 1, 1), "cadastro_atualizado_em": timezone.now()})
    return beneficiario


def _autorizacao(prestador, operadora, situacao=Autorizacao.Situacao.AUTORIZADA) -> Autorizacao:
    hoje = timezone.localdate()
    numero = Autorizacao.objects.count() + 1
    autorizacao = Autorizacao.objects.create(
        operadora=operadora, prestador=prestador, beneficiario=_beneficiario(operadora), tipo="sp_sadt",
        numero_guia_prestador=f"ISO{numero}", numero_guia_operadora=f"ISO{prestador.pk}{numero}",
        senha=f"{prestador.pk:05d}{numero:05d}", situacao=situacao, data_autorizacao=hoje,
        data_validade_senha=hoje + datetime.timedelta(days=90), prazo_resposta=timezone.now(),
        carta_negativa_solicitada_em=timezone.now())
    ItemAutorizacao.objects.create(autorizacao=autorizacao, sequencial=1, codigo="20104219", descricao="Sessão",
                                   quantidade_solicitada=5, quantidade_autorizada=5, exigencia="automatica")
    return autorizacao


@objeto_de_prestador("autorizacao_id")
def autorizacao(prestador, operadora):
    return _autorizacao(prestador, operadora)


@objeto_de_prestador("atendimento_id")
def atendimento(prestador, operadora):
    a = _autorizacao(prestador, operadora)
    return Atendimento.objects.create(autorizacao=a, item=a.itens.get(), data_execucao=timezone.localdate(),
                                      confirmado_em=timezone.now())


@objeto_de_prestador("anexo_id")
def anexo(prestador, operadora):
    a = _autorizacao(prestador, operadora)
    registro = AnexoAutorizacao(autorizacao=a, nome_original="laudo.pdf", tamanho=9, enviado_em=timezone.now())
    registro.arquivo.save("laudo.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    registro.save()
    return registro
