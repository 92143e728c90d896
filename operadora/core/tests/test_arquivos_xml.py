"""`core.arquivos.conteudo_confere` for XML uploads (notas fiscais, documentos): the content must be a well-formed
XML read by the hardened parser, not just something that starts with '<'."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operadora.core.arquivos import conteudo_confere


@pytest.mark.parametrize(
    "conteudo",
    [
        b"<?xml version='1.0' encoding='UTF-8'?><nfeProc><NFe><infNFe Id='NFe1'/></NFe></nfeProc>",
        b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\n<nfe>S\xc3\xa3o Paulo</nfe>",
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><nfe>S\xe3o Paulo</nfe>",
        b"  \n<nfe/>",
    ],
)
def test_xml_bem_formado_confere(conteudo):
    arquivo = SimpleUploadedFile("nf.xml", conteudo)
    assert conteudo_confere(arquivo, "xml")
    assert arquivo.tell() == 0  # left at its start for the storage


@pytest.mark.parametrize(
    "conteudo",
    [
        b"<html><body>nota</html>",  # starts with '<' but is not well formed
        b"<nfe><valor>10</nfe>",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",  # XXE
        b"\xff\xfe<\x00n\x00/\x00>\x00",  # UTF-16
        b"<a/>MZ\x90\x00 trailing bytes",
        b"",
    ],
)
def test_xml_malformado_ou_perigoso_nao_confere(conteudo):
    assert not conteudo_confere(SimpleUploadedFile("nf.xml", conteudo), "xml")
