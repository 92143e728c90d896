"""Deterministic demo register: two operadoras, providers of every kind, professionals, plans, contracts,
beneficiaries (titulares and dependents; some cancelled, some in carência) and contracted prices.

Idempotent: every object is found by its natural key before it is created, so running twice changes nothing.
`criar_beneficiarios_em_massa` makes N extra members in bulk for benchmarks."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from .models import (
    Beneficiario,
    CoberturaPlano,
    Contrato,
    Credenciamento,
    GrupoProcedimento,
    Operadora,
    Plano,
    PrecoContratado,
    Prestador,
    Profissional,
)

SEMENTE = 20261122
INICIO_DEMO = datetime.date(2024, 1, 2)

NOMES = ("Ana Beatriz", "Bruno", "Carla", "Daniel", "Eduarda", "Felipe", "Gabriela", "Henrique", "Isabela",
         "João Pedro", "Larissa", "Marcos", "Natália", "Otávio", "Paula", "Rafael", "Sofia", "Thiago", "Vitória",
         "Yasmin")
SOBRENOMES = ("Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Carvalho", "Ferreira", "Almeida",
              "Ribeiro", "Gomes", "Martins", "Araújo", "Barbosa", "Rocha", "Teixeira")

OPERADORAS = [
    {"registro_ans": "359017", "razao_social": "Saúde Aberta Operadora de Planos S.A.", "nome_fantasia": "Saúde Aberta",
     "uf": "SP", "base_cnpj": "11444777"},
    {"registro_ans": "421456", "razao_social": "Cooperativa Médica Vale Verde", "nome_fantasia": "Vale Verde Saúde",
     "uf": "MG", "base_cnpj": "22555888"},
]

# (chave, tipo, pessoa, nome, fantasia, cnes, operadoras em que é credenciado)
PRESTADORES = [
    ("hospital", Prestador.Tipo.HOSPITAL, "J", "Hospital Santa Clara Ltda.", "Hospital Santa Clara", "2077485", (0, 1)),
    ("clinica", Prestador.Tipo.CLINICA, "J", "Clínica Vida Plena Ltda.", "Clínica Vida Plena", "2078015", (0,)),
    ("laboratorio", Prestador.Tipo.LABORATORIO, "J", "Laboratório Diagnóstico Central S.A.", "Lab Central",
     "3456789", (0, 1)),
    ("odonto", Prestador.Tipo.CLINICA_ODONTOLOGICA, "J", "Sorriso Clínica Odontológica Ltda.", "Sorriso Odonto",
     "5566778", (0,)),
    ("medica", Prestador.Tipo.PROFISSIONAL, "F", "Ana Beatriz Souza", "Dra. Ana Beatriz Souza", "7788990", (0, 1)),
    ("clinica_vv", Prestador.Tipo.CLINICA, "J", "Centro Médico Vale Verde Ltda.", "Centro Médico Vale Verde",
     "6677889", (1,)),
]

# TUSS codes the demo prices (all exist in the tables the `tiss` package ships).
PRECOS = {
    "22": {
        "10101012": Decimal("120.00"),  # consulta em consultório
        "40304361": Decimal("18.50"),  # hemograma
        "40302040": Decimal("7.90"),  # glicose
        "40805026": Decimal("62.00"),  # RX tórax 2 incidências
        "20104219": Decimal("95.00"),  # sessão de psicoterapia individual (tratamento seriado)
        "31003079": Decimal("1850.00"),  # apendicectomia
        "85100196": Decimal("110.00"),  # restauração em resina 1 face
        "84000198": Decimal("70.00"),  # profilaxia
        "82000875": Decimal("140.00"),  # exodontia simples de permanente
    },
    "18": {"60000090": Decimal("480.00")},  # diária de enfermaria
}
PRECOS_POR_TIPO: dict[str, list[str]] = {
    Prestador.Tipo.HOSPITAL: ["10101012", "40304361", "40302040", "40805026", "31003079", "60000090"],
    Prestador.Tipo.CLINICA: ["10101012", "20104219", "40304361"],
    Prestador.Tipo.LABORATORIO: ["40304361", "40302040", "40805026"],
    Prestador.Tipo.CLINICA_ODONTOLOGICA: ["85100196", "84000198", "82000875"],
    Prestador.Tipo.PROFISSIONAL: ["10101012", "20104219"],
}

GRUPOS = [
    # codigo, nome, segmentação, prefixos, carência (dias)
    ("consultas", "Consultas", GrupoProcedimento.Segmentacao.AMBULATORIAL, ["101"], 30),
    ("exames-simples", "Exames laboratoriais e RX", GrupoProcedimento.Segmentacao.AMBULATORIAL, ["403", "408"], 30),
    ("terapias", "Terapias e sessões", GrupoProcedimento.Segmentacao.AMBULATORIAL, ["201"], 60),
    ("exames-complexos", "Exames complexos (TC, RM)", GrupoProcedimento.Segmentacao.AMBULATORIAL, ["407", "4101"], 180),
    ("cirurgias", "Cirurgias e internações", GrupoProcedimento.Segmentacao.HOSPITALAR, ["3", "600"], 180),
    ("partos", "Partos", GrupoProcedimento.Segmentacao.OBSTETRICIA, ["3130"], 300),
    ("odontologia", "Odontologia", GrupoProcedimento.Segmentacao.ODONTOLOGICA, ["8"], 90),
]
CARENCIA_MAXIMA = max(g[4] for g in GRUPOS)

PLANOS = [
    # sufixo do registro, nome, segmentações, contratação
    ("01", "Essencial Ambulatorial", ["ambulatorial"], Plano.Contratacao.INDIVIDUAL),
    ("02", "Completo Enfermaria", ["ambulatorial", "hospitalar", "obstetricia"], Plano.Contratacao.EMPRESARIAL),
    ("03", "Sorriso Odonto", ["odontologica"], Plano.Contratacao.ADESAO),
]


def _cnpj(base8: str, filial: int = 1) -> str:
    numero = f"{base8}{filial:04d}"
    return numero + stdnum_cnpj.calc_check_digits(numero)


def _cpf(aleatorio: random.Random) -> str:
    """A valid CPF: nine random digits and the only check digits python-stdnum accepts."""
    numero = f"{aleatorio.randrange(10**8, 10**9):09d}"
    return next(numero + f"{dv:02d}" for dv in range(100) if stdnum_cpf.is_valid(numero + f"{dv:02d}"))


@dataclass
class DemoRegistro:
    operadoras: list[Operadora] = field(default_factory=list)
    prestadores: dict[str, Prestador] = field(default_factory=dict)
    credenciamentos: dict[tuple[str, str], Credenciamento] = field(default_factory=dict)
    carteiras_ativas: dict[str, list[str]] = field(default_factory=dict)  # registro ANS → carteiras sem carência


@transaction.atomic
def criar(*, hoje: datetime.date | None = None) -> DemoRegistro:
    hoje = hoje or timezone.localdate()
    aleatorio = random.Random(SEMENTE)
    demo = DemoRegistro()
    for dados in OPERADORAS:
        operadora, _ = Operadora.objects.get_or_create(
            registro_ans=dados["registro_ans"],
            defaults={"cnpj": _cnpj(dados["base_cnpj"]), "razao_social": dados["razao_social"],
                      "nome_fantasia": dados["nome_fantasia"], "uf": dados["uf"]},
        )
        demo.operadoras.append(operadora)
        _criar_planos(operadora)

    for indice, (chave, tipo, pessoa, nome, fantasia, cnes, onde) in enumerate(PRESTADORES):
        documento = _cpf(random.Random(SEMENTE + indice)) if pessoa == "F" else _cnpj(f"{33100200 + indice * 1111:08d}")
        prestador, _ = Prestador.objects.get_or_create(
            cpf_cnpj=documento,
            defaults={"tipo_pessoa": pessoa, "nome": nome, "nome_fantasia": fantasia, "tipo": tipo, "cnes": cnes,
                      "email": f"faturamento@{chave.replace('_', '')}.exemplo.com.br", "telefone": "1133334444",
                      "logradouro": "Rua das Flores", "numero": str(100 + indice), "bairro": "Centro",
                      "municipio": "São Paulo", "codigo_ibge": "3550308", "uf": "SP", "cep": "01001000",
                      "banco": "001", "agencia": f"{1234 + indice}", "agencia_dv": str(indice % 10),
                      "conta": f"{56789 + indice}", "conta_dv": str((indice * 3) % 10)},
        )
        demo.prestadores[chave] = prestador
        for n in onde:
            operadora = demo.operadoras[n]
            credenciamento, _ = Credenciamento.objects.get_or_create(
                operadora=operadora, prestador=prestador,
                defaults={"codigo_na_operadora": f"{n + 1}{indice + 1:05d}",
                          "tipo_rede": Credenciamento.TipoRede.CREDENCIADA, "data_inicio": INICIO_DEMO},
            )
            demo.credenciamentos[(operadora.registro_ans, chave)] = credenciamento
            _criar_precos(operadora, prestador)

    _criar_profissionais(demo, aleatorio)
    for operadora in demo.operadoras:
        demo.carteiras_ativas[operadora.registro_ans] = _criar_beneficiarios(operadora, hoje, aleatorio)
    return demo


def _criar_planos(operadora: Operadora) -> None:
    grupos = {}
    for codigo, nome, segmentacao, prefixos, _ in GRUPOS:
        grupos[codigo], _ = GrupoProcedimento.objects.get_or_create(
            operadora=operadora, codigo=codigo,
            defaults={"nome": nome, "segmentacao": segmentacao, "prefixos_tuss": prefixos},
        )
    for sufixo, nome, segmentacoes, contratacao in PLANOS:
        plano, criado = Plano.objects.get_or_create(
            operadora=operadora, registro_ans_produto=f"{operadora.registro_ans[:4]}{sufixo}{'123'}",
            defaults={"nome": nome, "segmentacoes": segmentacoes, "abrangencia": Plano.Abrangencia.ESTADUAL,
                      "contratacao": contratacao},
        )
        if not criado:
            continue
        CoberturaPlano.objects.bulk_create(
            CoberturaPlano(
                plano=plano, grupo=grupos[codigo], coberto=segmentacao in segmentacoes, carencia_dias=carencia,
                limite_anual=40 if codigo == "terapias" else None,
                coparticipacao_percentual=Decimal("30") if codigo in ("consultas", "terapias") else Decimal("0"),
                coparticipacao_teto=Decimal("50.00") if codigo in ("consultas", "terapias") else None,
            )
            for codigo, _, segmentacao, _, carencia in GRUPOS
        )


def _criar_precos(operadora: Operadora, prestador: Prestador) -> None:
    existentes = set(
        PrecoContratado.objects.filter(operadora=operadora, prestador=prestador).values_list("codigo", flat=True)
    )
    PrecoContratado.objects.bulk_create(
        PrecoContratado(operadora=operadora, prestador=prestador, tabela=tabela, codigo=codigo,
                        valor=PRECOS[tabela][codigo], vigencia_inicio=INICIO_DEMO)
        for codigo in PRECOS_POR_TIPO[prestador.tipo]
        if codigo not in existentes
        for tabela in ("22", "18")
        if codigo in PRECOS[tabela]
    )


def _criar_profissionais(demo: DemoRegistro, aleatorio: random.Random) -> None:
    pessoas = [
        ("Ana Beatriz Souza", "06", "123456", "225125", ["medica", "clinica", "hospital"]),  # médico clínico
        ("Carlos Eduardo Lima", "06", "234567", "225250", ["hospital"]),  # cirurgião geral
        ("Fernanda Rocha", "06", "345678", "225320", ["laboratorio", "hospital"]),  # radiologista
        ("Juliana Martins", "08", "45678", "223208", ["odonto"]),  # cirurgião-dentista clínico geral
        ("Ricardo Gomes", "09", "06123", "251510", ["clinica", "clinica_vv"]),  # psicólogo clínico
        ("Marina Teixeira", "06", "567890", "225125", ["clinica_vv"]),
    ]
    for nome, conselho, numero, cbo, onde in pessoas:
        profissional, criado = Profissional.objects.get_or_create(
            conselho=conselho, numero_conselho=numero, uf_conselho="SP",
            defaults={"nome": nome, "cbo": cbo, "cpf": _cpf(aleatorio)},
        )
        if criado:
            profissional.prestadores.set([demo.prestadores[chave] for chave in onde])


def _nome(aleatorio: random.Random, sobrenome: str | None = None) -> str:
    return f"{aleatorio.choice(NOMES)} {sobrenome or aleatorio.choice(SOBRENOMES)}"


def _criar_beneficiarios(operadora: Operadora, hoje: datetime.date, aleatorio: random.Random) -> list[str]:
    """Families on the plans of `operadora`; returns the carteiras of active members with no carência left."""
    planos = list(Plano.objects.filter(operadora=operadora).order_by("registro_ans_produto"))
    empresa, _ = Contrato.objects.get_or_create(
        operadora=operadora, numero=f"PJ{operadora.registro_ans}",
        defaults={"tipo": Contrato.Tipo.PJ, "empresa_razao_social": "Metalúrgica Horizonte Ltda.",
                  "empresa_cnpj": _cnpj("44666999"), "dia_vencimento": 10, "data_inicio": INICIO_DEMO},
    )
    antigo = hoje - datetime.timedelta(days=CARENCIA_MAXIMA + 30)
    recente = hoje - datetime.timedelta(days=20)  # still in carência for everything
    familias = [
        # (plano, contrato PJ?, inclusão, situação, dependentes)
        (1, True, antigo, "ativo", 2),
        (1, True, antigo, "ativo", 1),
        (0, False, antigo, "ativo", 0),
        (0, False, antigo, "ativo", 1),
        (2, False, antigo, "ativo", 0),
        (1, True, recente, "ativo", 1),
        (0, False, recente, "ativo", 0),
        (1, True, antigo, "cancelado", 1),
        (0, False, antigo, "cancelado", 0),
        (1, True, antigo, "ativo", 2),
    ]
    carteiras: list[str] = []
    prefixo = operadora.registro_ans[:3]
    for f, (plano_i, pj, inclusao, situacao, n_dep) in enumerate(familias):
        contrato = empresa if pj else Contrato.objects.get_or_create(
            operadora=operadora, numero=f"PF{operadora.registro_ans}{f:03d}",
            defaults={"tipo": Contrato.Tipo.PF, "dia_vencimento": 5 + f % 20, "data_inicio": inclusao},
        )[0]
        sobrenome = aleatorio.choice(SOBRENOMES)
        titular = _beneficiario(operadora, f"{prefixo}{f:04d}00", _nome(aleatorio, sobrenome), None, contrato,
                                planos[plano_i], inclusao, situacao, aleatorio, hoje)
        membros = [titular]
        for d in range(n_dep):
            membros.append(_beneficiario(operadora, f"{prefixo}{f:04d}{d + 1:02d}", _nome(aleatorio, sobrenome),
                                         titular, contrato, planos[plano_i], inclusao, situacao, aleatorio, hoje))
        if situacao == "ativo" and inclusao == antigo:
            carteiras.extend(m.carteira for m in membros)
    return carteiras


def _beneficiario(operadora: Operadora, carteira: str, nome: str, titular: Beneficiario | None,
                  contrato: Contrato, plano: Plano, inclusao: datetime.date, situacao: str,
                  aleatorio: random.Random, hoje: datetime.date) -> Beneficiario:
    nascimento = datetime.date(aleatorio.randrange(1950, 2020), aleatorio.randrange(1, 13), aleatorio.randrange(1, 29))
    cancelado = situacao == "cancelado"
    beneficiario, _ = Beneficiario.objects.get_or_create(
        operadora=operadora, carteira=carteira,
        defaults={
            "nome": nome, "cpf": _cpf(aleatorio), "data_nascimento": nascimento,
            "sexo": aleatorio.choice("MF"), "titular": titular,
            "parentesco": Beneficiario.Parentesco.TITULAR if titular is None else aleatorio.choice(
                [Beneficiario.Parentesco.CONJUGE, Beneficiario.Parentesco.FILHO]),
            "contrato": contrato, "plano": plano, "data_inclusao": inclusao, "situacao": situacao,
            "data_cancelamento": hoje - datetime.timedelta(days=60) if cancelado else None,
            "motivo_cancelamento": "A pedido do beneficiário (RN 561)" if cancelado else "",
            "email": f"{carteira}@exemplo.com.br", "telefone": "11999990000",
            "cadastro_atualizado_em": timezone.now() - datetime.timedelta(days=aleatorio.randrange(1, 400)),
        },
    )
    return beneficiario


def criar_beneficiarios_em_massa(*, operadora: Operadora, quantidade: int, semente: int = SEMENTE) -> int:
    """N more active members of `operadora`, in bulk (benchmarks); carteiras 9xxxxxxxxxxx, idempotent by count."""
    aleatorio = random.Random(semente)
    plano = Plano.objects.filter(operadora=operadora).order_by("registro_ans_produto").first()
    if plano is None:
        raise ValueError("Crie a demonstração básica antes (operadora demo).")
    contrato, _ = Contrato.objects.get_or_create(
        operadora=operadora, numero=f"ESC{operadora.registro_ans}",
        defaults={"tipo": Contrato.Tipo.PJ, "empresa_razao_social": "Empresa de Escala Ltda.",
                  "empresa_cnpj": _cnpj("55777000"), "dia_vencimento": 15, "data_inicio": INICIO_DEMO},
    )
    ja_existem = Beneficiario.objects.filter(contrato=contrato).count()
    agora = timezone.now()
    novos = [
        Beneficiario(
            operadora=operadora, carteira=f"9{operadora.registro_ans}{i:08d}", nome=_nome(aleatorio),
            data_nascimento=datetime.date(1950 + i % 60, 1 + i % 12, 1 + i % 28), sexo="MF"[i % 2],
            parentesco=Beneficiario.Parentesco.TITULAR, contrato=contrato, plano=plano,
            data_inclusao=INICIO_DEMO, cadastro_atualizado_em=agora,
        )
        for i in range(ja_existem, quantidade)
    ]
    Beneficiario.objects.bulk_create(novos, batch_size=5000)
    return len(novos)
