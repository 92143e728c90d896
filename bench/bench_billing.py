"""Receipt of 100-guide lotes: the end-to-end HTTP upload (portal page, multipart, receipt rules, bulk insert,
protocol, report) against the TISS engine's validation of the same bytes, in the same run.

Targets (issue 6): end-to-end ≤ 3× the engine alone; ≥ 2,000 guides/s sustained on a 2-core machine with
PostgreSQL. Use DATABASE_URL to a dedicated bench database (the run adds lotes to it)."""

import statistics
import time

import django

LOTES = 20
PROCESSOS = 2
GUIAS_POR_LOTE = 100
ITENS_POR_GUIA = 2


def run() -> None:
    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from operadora.accounts.acesso import SESSAO_OPERADORA
    from operadora.accounts.models import Usuario
    from operadora.billing import exemplos, selectors, services
    from operadora.billing.models import Guia
    from operadora.registry import demo
    from operadora.registry.models import Credenciamento
    from operadora.tiss.validation import validar

    call_command("migrate", verbosity=0)
    registro = demo.criar()
    credenciamento = Credenciamento.objects.select_related("operadora", "prestador").get(
        operadora=registro.operadoras[0], prestador=registro.prestadores["hospital"]
    )
    operadora, prestador = credenciamento.operadora, credenciamento.prestador
    usuario, _ = Usuario.objects.get_or_create(
        username=f"bench-{prestador.cpf_cnpj}",
        defaults={"tipo": Usuario.Tipo.PRESTADOR, "prestador": prestador},
    )
    cliente = Client()
    cliente.force_login(usuario)
    sessao = cliente.session
    sessao[SESSAO_OPERADORA] = operadora.pk
    sessao.save()

    rodada = format(int(time.time()), "x")[-6:]
    data = timezone.localdate() - datetime.timedelta(days=10)
    codigo = credenciamento.codigo_na_operadora

    def arquivo(indice: int, tipo: str, sufixo: str = "") -> bytes:
        chave = f"{rodada}{sufixo}{tipo}{indice:03d}"
        lote = exemplos.lote(
            tipo=tipo,
            quantidade=GUIAS_POR_LOTE,
            itens=ITENS_POR_GUIA,
            numero_lote=chave,
            registro_ans=operadora.registro_ans,
            codigo_prestador=codigo,
            data=data,
            prefixo=chave,
        )
        return exemplos.arquivo(lote, registro_ans=operadora.registro_ans, codigo_prestador=codigo)

    politica, registro_xsd = selectors.politica_da_operadora(operadora), selectors.registro_schemas()
    if connection.vendor == "postgresql":  # steady state: planner statistics of a table that keeps growing
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE billing_guia; ANALYZE billing_lote; ANALYZE billing_itemguia")
    print(
        f"banco: {connection.vendor}; lotes de {GUIAS_POR_LOTE} guias; upload pela página do portal "
        f"(django.test.Client: middleware, sessão, multipart, view, template) — mesma execução, mesmos bytes"
    )
    for tipo, nome in (("1", "Consulta"), ("2", f"SP/SADT ({ITENS_POR_GUIA} proced. + 1 despesa por guia)")):
        arquivos = [arquivo(i, tipo) for i in range(LOTES + 1)]
        assert validar(arquivos[0], politica, registro_xsd).valido  # warm-up: schema compiled, caches
        resposta = cliente.post("/portal/faturamento/xml/", {"arquivos": [_upload(arquivos[0])]})
        assert b"protocolo (PEG)" in resposta.content, resposta.content[-3000:]
        motor, ponta_a_ponta = [], []
        for dados in arquivos[1:]:
            inicio = time.perf_counter()
            assert validar(dados, politica, registro_xsd).valido
            motor.append(time.perf_counter() - inicio)
        total_inicio = time.perf_counter()
        for dados in arquivos[1:]:
            inicio = time.perf_counter()
            resposta = cliente.post("/portal/faturamento/xml/", {"arquivos": [_upload(dados)]})
            ponta_a_ponta.append(time.perf_counter() - inicio)
            assert b"protocolo (PEG)" in resposta.content
        total = time.perf_counter() - total_inicio
        reenvio = []
        for dados in arquivos[1:6]:
            inicio = time.perf_counter()
            resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
            reenvio.append(time.perf_counter() - inicio)
            assert resultado.aceito and not resultado.novo
        m_motor, m_http = statistics.median(motor) * 1000, statistics.median(ponta_a_ponta) * 1000
        print(f"\n{nome}: {len(arquivos[0]) // 1024} KiB por lote")
        print(
            f"  motor TISS sozinho (XSD + hash + consistência + parse tipado): mediana {m_motor:7.1f} ms/lote"
        )
        print(
            f"  upload HTTP ponta a ponta (→ protocolo gravado):               mediana {m_http:7.1f} ms/lote"
        )
        print(f"  razão ponta a ponta / motor: {m_http / m_motor:.2f}x (alvo ≤ 3x)")
        print(f"  vazão sustentada, 1 processo: {LOTES * GUIAS_POR_LOTE / total:,.0f} guias/s")
        print(
            f"  reenvio idempotente (devolve o 1º protocolo): mediana {statistics.median(reenvio) * 1000:.1f} ms"
        )
        paralelos = [[arquivo(i, tipo, sufixo=f"p{w}") for i in range(LOTES // 2)] for w in range(PROCESSOS)]
        vazao = _vazao_paralela(paralelos, usuario.pk, operadora.pk)
        print(
            f"  vazão sustentada, {PROCESSOS} processos (como gunicorn -w {PROCESSOS}): {vazao:,.0f} guias/s "
            f"(alvo ≥ 2.000 guias/s)"
        )
    print(f"\nguias no banco de bench: {Guia.objects.filter(prestador=prestador).count():,}")


def _trabalhador(arquivos: list[bytes], usuario_id: int, operadora_id: int, fila) -> None:
    from django.db import connections
    from django.test import Client

    from operadora.accounts.acesso import SESSAO_OPERADORA
    from operadora.accounts.models import Usuario

    connections.close_all()
    cliente = Client()
    cliente.force_login(Usuario.objects.get(pk=usuario_id))
    sessao = cliente.session
    sessao[SESSAO_OPERADORA] = operadora_id
    sessao.save()
    fila.get()  # start together
    for dados in arquivos:
        resposta = cliente.post("/portal/faturamento/xml/", {"arquivos": [_upload(dados)]})
        assert b"protocolo (PEG)" in resposta.content
    connections.close_all()


def _vazao_paralela(lotes_por_processo: list[list[bytes]], usuario_id: int, operadora_id: int) -> float:
    import multiprocessing

    from django.db import connections

    connections.close_all()
    contexto = multiprocessing.get_context("fork")
    fila = contexto.Queue()
    processos = [
        contexto.Process(target=_trabalhador, args=(lotes, usuario_id, operadora_id, fila))
        for lotes in lotes_por_processo
    ]
    for processo in processos:
        processo.start()
    time.sleep(1.5)  # let every worker sign in
    inicio = time.perf_counter()
    for _ in processos:
        fila.put(True)
    for processo in processos:
        processo.join()
        assert processo.exitcode == 0
    decorrido = time.perf_counter() - inicio
    return sum(len(lotes) for lotes in lotes_por_processo) * GUIAS_POR_LOTE / decorrido


def _upload(dados: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("lote.xml", dados, content_type="application/xml")
