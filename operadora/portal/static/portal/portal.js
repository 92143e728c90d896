/* Portal do Prestador: CPF/CNPJ mask and the visible session countdown with its warning.
   The server enforces the limits (accounts.sessao); this only shows them and renews on request. */
(function () {
  "use strict";

  function mascarar(valor) {
    var d = valor.replace(/\D/g, "").slice(0, 14);
    if (d.length <= 11) {
      return d.replace(/^(\d{3})(\d)/, "$1.$2").replace(/^(\d{3})\.(\d{3})(\d)/, "$1.$2.$3")
        .replace(/\.(\d{3})(\d{1,2})$/, ".$1-$2");
    }
    return d.replace(/^(\d{2})(\d)/, "$1.$2").replace(/^(\d{2})\.(\d{3})(\d)/, "$1.$2.$3")
      .replace(/\.(\d{3})(\d)/, ".$1/$2").replace(/(\d{4})(\d{1,2})$/, "$1-$2");
  }
  document.querySelectorAll("input[data-mascara='cpf-cnpj']").forEach(function (campo) {
    campo.addEventListener("input", function () { campo.value = mascarar(campo.value); });
  });

  var contador = document.getElementById("contador-sessao");
  if (!contador) { return; }
  var aviso = document.getElementById("aviso-sessao");
  var avisoSegundos = parseInt(contador.dataset.aviso, 10);
  var fim = Date.now() + parseInt(contador.dataset.restante, 10) * 1000;

  function formatar(s) { var m = Math.floor(s / 60), r = s % 60; return m + "min" + (r < 10 ? "0" : "") + r + "s"; }
  function csrf() {
    var campo = document.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }
  function tique() {
    var restante = Math.max(0, Math.ceil((fim - Date.now()) / 1000));
    document.querySelectorAll(".contador").forEach(function (el) { el.textContent = formatar(restante); });
    aviso.hidden = restante > avisoSegundos;
    if (Date.now() > fim + 1000) {  // a second after the end: the server has ended the session; reload shows it
      clearInterval(relogio);
      window.location.assign(contador.dataset.destino);
    }
  }
  document.getElementById("renovar-sessao").addEventListener("click", function () {
    fetch(contador.dataset.renovar, { method: "POST", headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
      .then(function (dados) { fim = Date.now() + dados.restante * 1000; tique(); })
      .catch(function () { window.location.assign(contador.dataset.destino); });
  });
  var relogio = setInterval(tique, 1000);
  tique();
})();
