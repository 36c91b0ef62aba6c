(function () {
  "use strict";
  var body = document.body;
  var box = document.getElementById("filters");
  if (!box) { return; }
  box.hidden = false;
  var inputs = box.querySelectorAll("input[data-verdict]");
  function refresh() {
    for (var i = 0; i < inputs.length; i++) {
      body.classList.toggle("hide-" + inputs[i].getAttribute("data-verdict"), !inputs[i].checked);
    }
    var cards = document.querySelectorAll(".card");
    for (var j = 0; j < cards.length; j++) {
      var claims = cards[j].querySelectorAll(".claim");
      var shown = 0;
      for (var k = 0; k < claims.length; k++) {
        if (getComputedStyle(claims[k]).display !== "none") { shown++; }
      }
      cards[j].classList.toggle("empty", shown === 0);
    }
    var none = document.getElementById("none-shown");
    if (none) { none.hidden = document.querySelectorAll(".card:not(.empty)").length !== 0; }
  }
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("change", refresh);
  }
  var tiles = document.querySelectorAll(".tile[data-verdict]");
  for (var t = 0; t < tiles.length; t++) {
    tiles[t].addEventListener("click", function () {
      var v = this.getAttribute("data-verdict");
      var input = box.querySelector('input[data-verdict="' + v + '"]');
      if (!input) { return; }
      var only = true;
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i] !== input && inputs[i].checked) { only = false; }
      }
      for (var j = 0; j < inputs.length; j++) { inputs[j].checked = only || inputs[j] === input; }
      refresh();
    });
    tiles[t].classList.add("clickable");
  }
  var all = document.getElementById("show-all");
  if (all) {
    all.addEventListener("click", function () {
      for (var i = 0; i < inputs.length; i++) { inputs[i].checked = true; }
      refresh();
    });
  }
  body.classList.add("js");
  refresh();
})();
