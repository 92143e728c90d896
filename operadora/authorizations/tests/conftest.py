"""Fixtures of the authorization tests: a few TUSS terms, procedure groups with coverage, and the operator's rules.

Plan (shared fixture `plano`): ambulatorial + hospitalar; consultas (101…, carência 30) and cirurgias (3…,
carência 180). Added here: exames 403… (no carência), terapias 201… (limit 12/year), partos 3130…
(obstetrícia, not in the plan), odontologia 8… and exames complexos 4101… (not covered).
Rules: 20104219 automatic; cirurgias (group) and 40302040 (code) to medical audit; 40304361 free."""

import datetime

import pytest
from django.utils import timezone

from operadora.authorizations import services
from operadora.authorizations.models import RegraAutorizacao
from operadora.registry.models import CoberturaPlano, GrupoProcedimento, Profissional, TermoTUSS

TERMOS = [
    ("22", "10101012", "Consulta em consultório"),
    ("22", "40304361", "Hemograma com contagem de plaquetas"),
    ("22", "40302040", "Glicose - pesquisa e/ou dosagem"),
    ("22", "20104219", "Sessão de psicoterapia individual"),
    ("22", "31003079", "Apendicectomia"),
    ("22", "31309054", "Parto cesariana"),
    ("22", "85100196", "Restauração em resina fotopolimerizável 1 face"),
    ("22", "41010010", "Angiotomografia"),
    ("22", "40901114", "Ultrassonografia de abdome total"),
    ("18", "60000090", "Diária de enfermaria"),
]


@pytest.fixture
def termos_tuss(db):
    TermoTUSS.objects.bulk_create(
        TermoTUSS(tabela=t, codigo=c, termo=n, busca=n.lower(), vigencia_inicio=datetime.date(2010, 1, 1))
        for t, c, n in TERMOS
    )


@pytest.fixture
def coberturas(operadora, plano, termos_tuss):
    grupos = {}
    for codigo, nome, segmentacao, prefixos, carencia, limite, coberto in [
        ("exames", "Exames", "ambulatorial", ["403", "409"], 0, None, True),
        ("terapias", "Terapias", "ambulatorial", ["201"], 0, 12, True),
        ("partos", "Partos", "obstetricia", ["3130"], 300, None, True),
        ("odonto", "Odontologia", "odontologica", ["8"], 0, None, True),
        ("complexos", "Exames complexos", "ambulatorial", ["4101"], 0, None, False),
    ]:
        grupos[codigo] = GrupoProcedimento.objects.create(operadora=operadora, codigo=codigo, nome=nome,
                                                          segmentacao=segmentacao, prefixos_tuss=prefixos)
        CoberturaPlano.objects.create(plano=plano, grupo=grupos[codigo], carencia_dias=carencia, limite_anual=limite,
                                      coberto=coberto)
    return grupos


@pytest.fixture
def regras(operadora, coberturas):
    cirurgias = GrupoProcedimento.objects.get(operadora=operadora, codigo="cirurgias")
    RegraAutorizacao.objects.create(operadora=operadora, codigo_tuss="20104219",
                                    exigencia=RegraAutorizacao.Exigencia.AUTOMATICA, observacao="Sessões seriadas")
    RegraAutorizacao.objects.create(operadora=operadora, grupo=cirurgias, exigencia=RegraAutorizacao.Exigencia.AUDITORIA)
    RegraAutorizacao.objects.create(operadora=operadora, codigo_tuss="40302040",
                                    exigencia=RegraAutorizacao.Exigencia.AUDITORIA)
    return RegraAutorizacao.objects.filter(operadora=operadora)


@pytest.fixture
def medica(prestador):
    profissional = Profissional.objects.create(nome="Dra. Ana", conselho="06", numero_conselho="123456",
                                               uf_conselho="SP", cbo="225125")
    profissional.prestadores.add(prestador)
    return profissional


@pytest.fixture
def solicitar(operadora, prestador, beneficiario, regras):
    """Factory: a request of `prestador` for `beneficiario` (SP/SADT by default)."""
    numeros = iter(range(1, 1000))

    def fabricar(itens=(("20104219", 10),), **extras):
        dados = {
            "operadora_id": operadora.id, "prestador_id": prestador.id, "carteira": beneficiario.carteira,
            "tipo": "sp_sadt", "numero_guia_prestador": f"G{next(numeros):05d}",
            "itens": [i if isinstance(i, services.ItemSolicitado) else services.ItemSolicitado(codigo=i[0], quantidade=i[1])
                      for i in itens],
            "indicacao_clinica": "Dor abdominal há 3 dias",
        }
        dados.update(extras)
        return services.solicitar_autorizacao(**dados)

    return fabricar


@pytest.fixture
def auditor(db):
    from operadora.accounts.models import Usuario

    return Usuario.objects.create(username="auditor.teste", tipo=Usuario.Tipo.OPERADORA, is_staff=True,
                                  is_superuser=True)


def agora_em(data: datetime.date, hora: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(data, datetime.time(hora)))


@pytest.fixture(autouse=True)
def _arquivos_em_pasta_temporaria(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
