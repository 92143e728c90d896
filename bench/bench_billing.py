"""Receipt of 100-guide lotes: the end-to-end HTTP upload (portal page, multipart, receipt rules, bulk insert,
protocol, report) against the TISS engine's validation of the same bytes, in the same run.

Targets (issue 6): end-to-end ≤ 3× the engine alone; ≥ 2,000 guides/s sustained on a 2-core machine with
PostgreSQL. Use DATABASE_URL to a dedicated bench database (the run adds lotes to it).

How it measures (every lote has its own lote and guide numbers, so every upload is a real first receipt):
- ratio: engine and upload of the same file interleaved lote by lote (so load from elsewhere hits both
  alike); medians and their ratio, and the quartiles of the lote-by-lote ratios (how much the machine moved);
- sustained, 1 process: lotes uploaded back to back; guides received / wall time;
- sustained, 2 processes (as `gunicorn -w 2`): two forked workers, each with its own client, session and
  database connection, one warm-up upload each, then lotes back to back from a common start; guides / wall
  time, and the engine alone run the same way on the same bytes as the ceiling;
- settings.DEBUG is off during the run, as in production (no query log); the process is prepared as the WSGI/ASGI
  entry points prepare theirs (`operadora.config.processo.preparar_processo`: views imported, start-up objects
  frozen out of the garbage collector's full collections)."""

import statistics
import time

import django

LOTES = 20  # per measurement (and per worker in the two-process run)
PROCESSOS = 2
GUIAS_POR_LOTE = 100
ITENS_POR_GUIA = 2
HISTORICO = 40_000  # guides of the provider already received before measuring (steady state)
URL = "/portal/faturamento/xml/"


def run() -> None:
    django.setup()
    from django.conf import settings

    debug, settings.DEBUG = settings.DEBUG, False
    try:
        _run()
    finally:
        settings.DEBUG = debug


def _run() -> None:
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from operadora.billing import exemplos, selectors, services
    from operadora.billing.models import Guia
    from operadora.registry import demo
    from operadora.registry.models import Credenciamento
    from operadora.tiss.validation import validar

    call_command("migrate", verbosity=0)
    registro = demo.criar()
    from operadora.config.processo import preparar_processo

    preparar_processo()  # as operadora/config/wsgi.py does before serving
    credenciamento = Credenciamento.objects.select_related("operadora", "prestador").get(
        operadora=registro.operadoras[0], prestador=registro.prestadores["hospital"]
    )
    operadora, prestador = credenciamento.operadora, credenciamento.prestador
    usuario_id = _usuario(prestador)
    cliente = _cliente(usuario_id, operadora.pk)

    rodada = format(int(time.time()), "x")[-6:]
    data = timezone.localdate() - datetime.timedelta(days=10)
    codigo = credenciamento.codigo_na_operadora

    def arquivo(tipo: str, chave: str) -> bytes:
        """A 100-guide lote; `chave` (≤ 12 characters) is its number and its guides' number prefix."""
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

    def arquivos(tipo: str, sufixo: str, quantidade: int) -> list[bytes]:
        return [arquivo(tipo, f"{rodada}{sufixo}{tipo}{indice:03d}") for indice in range(quantidade)]

    politica, registro_xsd = selectors.politica_da_operadora(operadora), selectors.registro_schemas()
    # Steady state: a provider with history, and planner statistics that know it. On a new bench database the
    # tables start empty, and on a server with autovacuum off (this machine's) statistics taken then would stay
    # "empty table" for the whole run: the guide-number lookup of every receipt then scanned all the provider's
    # guides (7 ms instead of 1 ms once they were 27,000). Production runs autovacuum, which re-analyses as the
    # tables grow; the bench fills the history first (same receipt, untimed) and analyses once.
    ja_havia = Guia.objects.filter(prestador=prestador).count()
    for indice in range(-(-max(0, HISTORICO - ja_havia) // GUIAS_POR_LOTE)):
        dados = arquivo("12"[indice % 2], f"{rodada}h{indice:04d}")
        assert services.receber_xml(operadora=operadora, prestador=prestador, dados=dados).aceito
    autovacuum = "?"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
            cursor.execute("ANALYZE billing_guia; ANALYZE billing_lote; ANALYZE billing_itemguia")
    print(
        f"histórico do prestador antes de medir: {Guia.objects.filter(prestador=prestador).count():,} guias "
        f"(eram {ja_havia:,}); autovacuum do servidor: {autovacuum}; ANALYZE feito depois de encher"
    )
    print(
        f"banco: {connection.vendor}; lotes de {GUIAS_POR_LOTE} guias, cada um com número de lote e de guias "
        f"próprios; upload pela página do portal (django.test.Client: middleware, sessão, multipart, view, "
        f"página) — mesma execução, mesmos bytes; DEBUG desligado como em produção"
    )
    for tipo, nome in (("1", "Consulta"), ("2", f"SP/SADT ({ITENS_POR_GUIA} proced. + 1 despesa por guia)")):
        aquecimento, intercalados, seguidos = (
            arquivos(tipo, s, n) for s, n in (("a", 1), ("i", LOTES), ("s", LOTES))
        )
        assert validar(aquecimento[0], politica, registro_xsd).valido  # schema compiled, caches warm
        _enviar(cliente, aquecimento[0])

        motor, ponta_a_ponta = [], []
        for dados in intercalados:  # interleaved: load from elsewhere hits both alike
            inicio = time.perf_counter()
            assert validar(dados, politica, registro_xsd).valido
            motor.append(time.perf_counter() - inicio)
            inicio = time.perf_counter()
            _enviar(cliente, dados)
            ponta_a_ponta.append(time.perf_counter() - inicio)

        total_inicio = time.perf_counter()
        for dados in seguidos[:-1]:
            _enviar(cliente, dados)
        total = time.perf_counter() - total_inicio
        with CaptureQueriesContext(connection) as consultas:
            _enviar(cliente, seguidos[-1])

        reenvio = []
        for dados in intercalados[:5]:
            inicio = time.perf_counter()
            resultado = services.receber_xml(operadora=operadora, prestador=prestador, dados=dados)
            reenvio.append(time.perf_counter() - inicio)
            assert resultado.aceito and not resultado.novo

        m_motor, m_http = statistics.median(motor) * 1000, statistics.median(ponta_a_ponta) * 1000
        print(f"\n{nome}: {len(intercalados[0]) // 1024} KiB por lote")
        print(
            f"  motor TISS sozinho (XSD + hash + consistência + parse tipado): mediana {m_motor:7.1f} ms/lote"
        )
        print(
            f"  upload HTTP ponta a ponta (→ protocolo gravado):               mediana {m_http:7.1f} ms/lote"
        )
        razoes = sorted(h / m for h, m in zip(ponta_a_ponta, motor, strict=True))
        quartis = statistics.quantiles(razoes, n=4)
        print(
            f"  razão ponta a ponta / motor: {m_http / m_motor:.2f}x (alvo ≤ 3x); "
            f"lote a lote (par medido lado a lado): quartis {quartis[0]:.2f}x · {quartis[1]:.2f}x · {quartis[2]:.2f}x"
        )
        print(
            f"  vazão sustentada, 1 processo ({len(seguidos) - 1} lotes seguidos): "
            f"{(len(seguidos) - 1) * GUIAS_POR_LOTE / total:,.0f} guias/s "
            f"(motor sozinho: {GUIAS_POR_LOTE / statistics.median(motor):,.0f} guias/s)"
        )
        print(f"  consultas SQL num upload (sessão, acesso, recebimento, página): {len(consultas)}")
        print(
            f"  reenvio idempotente (devolve o 1º protocolo): mediana {statistics.median(reenvio) * 1000:.1f} ms"
        )

        por_processo = [arquivos(tipo, f"p{w}", LOTES + 1) for w in range(PROCESSOS)]
        vazao, latencias = _paralelo(_trabalhador_http, por_processo, usuario_id, operadora.pk)
        vazao_motor, _ = _paralelo(_trabalhador_motor, por_processo, usuario_id, operadora.pk)
        print(
            f"  vazão sustentada, {PROCESSOS} processos (como gunicorn -w {PROCESSOS}), {PROCESSOS}×{LOTES} lotes: "
            f"{vazao:,.0f} guias/s, mediana {statistics.median(latencias) * 1000:.0f} ms/lote "
            f"(alvo ≥ 2.000 guias/s; motor sozinho nos mesmos {PROCESSOS} processos: {vazao_motor:,.0f} guias/s)"
        )
    print(f"\nguias no banco de bench: {Guia.objects.filter(prestador=prestador).count():,}")


def _usuario(prestador) -> int:
    from operadora.accounts.models import Usuario

    usuario, _ = Usuario.objects.get_or_create(
        username=f"bench-{prestador.cpf_cnpj}",
        defaults={"tipo": Usuario.Tipo.PRESTADOR, "prestador": prestador},
    )
    return usuario.pk


def _cliente(usuario_id: int, operadora_id: int):
    from django.test import Client

    from operadora.accounts.acesso import SESSAO_OPERADORA
    from operadora.accounts.models import Usuario

    cliente = Client()
    cliente.force_login(Usuario.objects.get(pk=usuario_id))
    sessao = cliente.session
    sessao[SESSAO_OPERADORA] = operadora_id
    sessao.save()
    return cliente


def _enviar(cliente, dados: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    resposta = cliente.post(
        URL, {"arquivos": [SimpleUploadedFile("lote.xml", dados, content_type="application/xml")]}
    )
    conteudo = resposta.content  # a new protocol: not a resend, not a refusal (the page's text names the PEG too)
    assert b" recebido: protocolo (PEG)" in conteudo and b"havia sido recebido" not in conteudo, conteudo[-3000:]


def _trabalhador_http(arquivos: list[bytes], usuario_id: int, operadora_id: int, partida, fila) -> None:
    from django.db import connections

    connections.close_all()  # its own connection, as a gunicorn worker
    cliente = _cliente(usuario_id, operadora_id)
    _enviar(cliente, arquivos[0])  # warm-up (connection, caches)
    partida.wait()
    latencias = []
    for dados in arquivos[1:]:
        inicio = time.perf_counter()
        _enviar(cliente, dados)
        latencias.append(time.perf_counter() - inicio)
    fila.put(latencias)
    connections.close_all()


def _trabalhador_motor(arquivos: list[bytes], usuario_id: int, operadora_id: int, partida, fila) -> None:
    from django.db import connections

    from operadora.billing import selectors
    from operadora.registry.models import Operadora
    from operadora.tiss.validation import validar

    connections.close_all()
    politica = selectors.politica_da_operadora(Operadora.objects.get(pk=operadora_id))
    registro = selectors.registro_schemas()
    assert validar(arquivos[0], politica, registro).valido
    partida.wait()
    latencias = []
    for dados in arquivos[1:]:
        inicio = time.perf_counter()
        assert validar(dados, politica, registro).valido
        latencias.append(time.perf_counter() - inicio)
    fila.put(latencias)
    connections.close_all()


def _paralelo(
    alvo, por_processo: list[list[bytes]], usuario_id: int, operadora_id: int
) -> tuple[float, list]:
    """Guides/s of the workers from a common start to the last one's end, and every lote's latency."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    contexto = multiprocessing.get_context("fork")
    partida, fila = contexto.Barrier(len(por_processo) + 1), contexto.Queue()
    processos = [
        contexto.Process(target=alvo, args=(arquivos, usuario_id, operadora_id, partida, fila))
        for arquivos in por_processo
    ]
    for processo in processos:
        processo.start()
    partida.wait()  # every worker signed in and warmed up
    inicio = time.perf_counter()
    latencias = [latencia for _ in processos for latencia in fila.get()]
    decorrido = time.perf_counter() - inicio
    for processo in processos:
        processo.join()
        assert processo.exitcode == 0
    guias = sum(len(arquivos) - 1 for arquivos in por_processo) * GUIAS_POR_LOTE
    return guias / decorrido, latencias
