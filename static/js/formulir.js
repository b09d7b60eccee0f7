/* Form helpers, CSP-clean (no inline script), each optional: a form works without them.
 *
 * - input[data-tanggal]: dd/mm/yyyy typed on the numeric keypad; the slashes come by themselves.
 * - button[data-centang="<container id>"][data-nilai="1|0"]: ticks or clears every checkbox in the container
 *   ("semua hadir" / "kosongkan").
 * - [data-formset="<prefix>"] with a <template data-formset-baris> inside: "add" buttons
 *   ([data-tambah="<prefix>"]) copy the template (Django's empty_form, __prefix__ replaced by the next number)
 *   and raise <prefix>-TOTAL_FORMS; a row's [data-hapus] button empties and removes an added row. Rows are
 *   numbered ([data-nomor]) and a select[data-nomor-pilihan="<prefix>"] offers one option per row (a
 *   follow-up's "from agreement n").
 */
(function () {
  "use strict";

  function maskDate(input) {
    input.addEventListener("input", function (event) {
      if (event.inputType && event.inputType.indexOf("delete") === 0) return;
      var value = input.value;
      if (/^\d{2}$/.test(value) || /^\d{1,2}\/\d{2}$/.test(value)) input.value = value + "/";
      else if (/^\d{3}$/.test(value)) input.value = value.slice(0, 2) + "/" + value.slice(2);
      else if (/^\d{1,2}\/\d{3}$/.test(value)) input.value = value.slice(0, -1) + "/" + value.slice(-1);
    });
  }

  function checkAll(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-centang"));
      if (!box) return;
      var on = button.getAttribute("data-nilai") === "1";
      box.querySelectorAll('input[type="checkbox"]').forEach(function (checkbox) {
        checkbox.checked = on;
        checkbox.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function formset(container) {
    var prefix = container.getAttribute("data-formset");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = container.querySelector("template[data-formset-baris]");
    var list = container.querySelector("[data-formset-daftar]") || container;
    if (!total || !template) return;

    function rows() {
      return list.querySelectorAll("[data-formset-form]");
    }

    function renumber() {
      rows().forEach(function (row, index) {
        row.querySelectorAll("[data-nomor]").forEach(function (el) {
          el.textContent = String(index + 1);
        });
      });
      document.querySelectorAll('select[data-nomor-pilihan="' + prefix + '"]').forEach(function (select) {
        var count = rows().length;
        var label = select.getAttribute("data-label") || "";
        for (var n = select.options.length - 1; n >= 1; n -= 1) {
          if (Number(select.options[n].value) > count) select.remove(n);
        }
        for (var i = select.options.length; i <= count; i += 1) {
          select.add(new Option(label.replace("%s", String(i)), String(i)));
        }
      });
    }

    function bindRemove(row) {
      row.querySelectorAll("[data-hapus]").forEach(function (button) {
        button.addEventListener("click", function () {
          // Only rows added on this page are removed; Django renumbers nothing, so the last row goes and the
          // others keep their names: remove is offered on the last added row only.
          row.remove();
          total.value = String(rows().length);
          renumber();
          var next = list.querySelector("[data-formset-form]:last-of-type [data-hapus]");
          if (next) next.hidden = false;
        });
      });
    }

    document.querySelectorAll('[data-tambah="' + prefix + '"]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = Number(total.value);
        if (max && index >= Number(max.value)) return;
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var row = holder.firstElementChild;
        list.querySelectorAll("[data-formset-form] [data-hapus]").forEach(function (old) {
          old.hidden = true;
        });
        list.appendChild(row);
        total.value = String(index + 1);
        row.querySelectorAll("input[data-tanggal]").forEach(maskDate);
        bindRemove(row);
        renumber();
        var first = row.querySelector("input, textarea, select");
        if (first) first.focus();
      });
    });
    rows().forEach(bindRemove);
    renumber();
  }

  function start() {
    document.querySelectorAll("input[data-tanggal]").forEach(maskDate);
    document.querySelectorAll("button[data-centang]").forEach(checkAll);
    document.querySelectorAll("[data-formset]").forEach(formset);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
