<!-- Appended by tests/lead-report.bats to a report page: lists, for each
     section, the size its chart renders at and the width of each bar. -->
<script>
var out = [];
document.querySelectorAll("section").forEach(function (s) {
	var svg = s.querySelector("svg.chart"), r = svg && svg.getBoundingClientRect();
	var w = [].map.call(s.querySelectorAll("svg.chart rect.bar"), function (b) {
		return Math.round(b.getBoundingClientRect().width);
	});
	out.push(s.className + " " + (r ? Math.round(r.width) + "x" + Math.round(r.height) : "-") + " " + w.join(","));
});
var p = document.createElement("pre");
p.id = "probe";
p.textContent = out.join("\n");
document.body.appendChild(p);
</script>
