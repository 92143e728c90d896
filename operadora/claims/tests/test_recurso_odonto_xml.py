"""An odontological recurso de glosa (RECURSO_GLOSA with guiaRecursoGlosaOdonto) sent by XML is refused with a
message that says so, not with 'é uma transação RECURSO_GLOSA; aqui se recebe RECURSO_GLOSA'."""

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.claims import services
from operadora.claims.models import RecursoGlosa
from operadora.core.erros import ErroDeNegocio
from operadora.tiss import builders, exemplos
from operadora.tiss.codigos import MENSAGEM_FORA_DO_PADRAO
from operadora.tiss.guias import PrestadorIdentificacao

pytestmark = pytest.mark.django_db


@pytest.fixture
def recurso_odonto(operadora):
    conteudo = dataclasses.replace(exemplos.recurso_glosa_odonto(), registro_ans=operadora.registro_ans)
    return builders.construir_mensagem(
        conteudo,
        versao=max(operadora.versoes_tiss_aceitas),
        sequencial_transacao="81",
        registro_ans=operadora.registro_ans,
        prestador=PrestadorIdentificacao(codigo_prestador_na_operadora="100001"),
    )


def test_recurso_odontologico_por_xml_e_recusado_com_mensagem_clara(operadora, prestador, recurso_odonto):
    with pytest.raises(ErroDeNegocio) as recusa:
        services.receber_recurso_xml(operadora=operadora, prestador=prestador, dados=recurso_odonto)
    assert recusa.value.mensagem.startswith("Recurso de glosa odontológico ainda não é aceito por este canal")
    assert "aqui se recebe RECURSO_GLOSA" not in recusa.value.mensagem
    assert recusa.value.codigo_tiss == MENSAGEM_FORA_DO_PADRAO
    assert not RecursoGlosa.objects.exists()


def test_pagina_de_envio_mostra_a_recusa_do_recurso_odontologico(cliente_portal, recurso_odonto):
    r = cliente_portal.post(
        "/portal/recursos/xml/",
        {"arquivo": SimpleUploadedFile("recurso.xml", recurso_odonto, content_type="application/xml")},
        follow=True,
    )
    assert "5001 - Recurso de glosa odontológico ainda não é aceito por este canal" in r.content.decode()
    assert not RecursoGlosa.objects.exists()
