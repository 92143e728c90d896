"""`core.armazenamento`: the files written inside `transacao_com_arquivos` are kept exactly when their rows are,
whatever rolled back (the block, a savepoint inside it, a caller's transaction around it). Real commits and
rollbacks, hence `transaction=True`. The rows are billing's documents (core has no model with a file)."""

import io
import os
import time
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from operadora.billing.models import DocumentoAnexo
from operadora.core import armazenamento
from operadora.core.models import EventoAuditoria

pytestmark = pytest.mark.django_db(transaction=True)


class Falha(Exception):
    pass


def _documento(operadora, prestador, nome="laudo.pdf"):
    documento = DocumentoAnexo(operadora=operadora, prestador=prestador, nome_original=nome)
    armazenamento.guardar(documento, "arquivo", ContentFile(b"%PDF-1.4\n", name=nome))
    documento.save()
    return documento


def test_guardado_e_mantido_quando_a_linha_fica(operadora, prestador, midia_temporaria):
    with armazenamento.transacao_com_arquivos():
        documento = _documento(operadora, prestador)
    assert midia_temporaria.arquivos() == [documento.arquivo.name]


def test_excecao_que_sai_do_bloco_apaga_o_arquivo(operadora, prestador, midia_temporaria):
    with pytest.raises(Falha), armazenamento.transacao_com_arquivos():
        _documento(operadora, prestador)
        raise Falha
    assert not DocumentoAnexo.objects.exists() and midia_temporaria.arquivos() == []


def test_savepoint_desfeito_dentro_do_bloco_apaga_so_o_seu_arquivo(operadora, prestador, midia_temporaria):
    with armazenamento.transacao_com_arquivos():
        fica = _documento(operadora, prestador, "fica.pdf")
        try:
            with transaction.atomic():
                _documento(operadora, prestador, "sai.pdf")
                raise IntegrityError("simulado")
        except IntegrityError:
            pass
    assert list(DocumentoAnexo.objects.values_list("nome_original", flat=True)) == ["fica.pdf"]
    assert midia_temporaria.arquivos() == [fica.arquivo.name]


def test_transacao_de_quem_chama_desfeita_apaga_o_arquivo(operadora, prestador, midia_temporaria):
    """A caller's own atomic around the service, failing after the service returned: the outermost
    transacao_com_arquivos (here, the next one on the connection) finds the row gone."""
    with pytest.raises(Falha), transaction.atomic():
        with armazenamento.transacao_com_arquivos():
            _documento(operadora, prestador)
        raise Falha
    assert not DocumentoAnexo.objects.exists()
    with armazenamento.transacao_com_arquivos():
        pass
    assert midia_temporaria.arquivos() == []


def test_linhas_apagadas_levam_os_arquivos_so_depois_do_commit(operadora, prestador, midia_temporaria):
    with armazenamento.transacao_com_arquivos():
        documento = _documento(operadora, prestador)
    with transaction.atomic():  # a caller's transaction that commits: the check runs after its commit
        with armazenamento.transacao_com_arquivos():
            armazenamento.descartar_com_as_linhas(DocumentoAnexo.objects.all(), "arquivo")
            DocumentoAnexo.objects.all().delete()
        assert midia_temporaria.arquivos() == [documento.arquivo.name]
    assert midia_temporaria.arquivos() == []


def test_guardar_fora_do_bloco_e_erro_de_programacao(operadora, prestador, midia_temporaria):
    with pytest.raises(RuntimeError, match="transacao_com_arquivos"):
        _documento(operadora, prestador)
    assert midia_temporaria.arquivos() == []


def test_toda_pasta_de_envio_e_varrida_pelo_comando():
    """Every FileField's upload_to starts with one of PASTAS_DOS_ENVIOS, so the sweep looks where uploads are."""
    for modelo, campo in armazenamento._campos_de_arquivo():
        nome = modelo._meta.get_field(campo).generate_filename(mock.Mock(), "x.pdf")
        assert nome.split("/")[0] in armazenamento.PASTAS_DOS_ENVIOS, (modelo, nome)


def test_comando_lista_e_apaga_so_os_orfaos_antigos(operadora, prestador, midia_temporaria):
    with armazenamento.transacao_com_arquivos():
        documento = _documento(operadora, prestador)
    raiz = midia_temporaria.raiz
    antigo = time.time() - 3 * 24 * 3600
    for nome in ("faturamento/9/9/documentos/orfao.pdf", "recursos/1/1/orfao.pdf", "faturamento/9/9/novo.pdf",
                 "lotes-sftp/lote.xml"):
        (raiz / nome).parent.mkdir(parents=True, exist_ok=True)
        (raiz / nome).write_bytes(b"%PDF-1.4\n")
        if "novo" not in nome:
            os.utime(raiz / nome, (antigo, antigo))
    os.utime(raiz / documento.arquivo.name, (antigo, antigo))
    saida = io.StringIO()
    call_command("limpar_arquivos_orfaos", stdout=saida)
    assert saida.getvalue().splitlines() == [
        "faturamento/9/9/documentos/orfao.pdf", "recursos/1/1/orfao.pdf",
        "2 arquivo(s) sem registro (use --apagar para apagá-los).",
    ]
    assert len(midia_temporaria.arquivos()) == 5
    call_command("limpar_arquivos_orfaos", "--apagar", stdout=io.StringIO())
    assert midia_temporaria.arquivos() == sorted([documento.arquivo.name, "faturamento/9/9/novo.pdf",
                                                  "lotes-sftp/lote.xml"])
    evento = EventoAuditoria.objects.get(acao="arquivos.orfaos_apagados")
    assert evento.detalhes == {"arquivos": ["faturamento/9/9/documentos/orfao.pdf", "recursos/1/1/orfao.pdf"]}
    with pytest.raises(CommandError):
        call_command("limpar_arquivos_orfaos", "--horas", "0")
