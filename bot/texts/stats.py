"""Wording of keeping score: `/prometo stats`, the digest's team figures, trend and setting."""

TEXTS: dict[str, dict[str, str]] = {
    "stats_title": {
        "es": "📊 Tus promesas, solo para ti",
        "en": "📊 Your promises, for your eyes only",
    },
    "stats_window": {"es": "Últimos {days} días", "en": "Last {days} days"},
    "stats_rate": {
        "es": "{rate} a tiempo ({on_time} de {judged})",
        "en": "{rate} on time ({on_time} of {judged})",
    },
    "stats_nothing": {"es": "nada que medir aún", "en": "nothing to measure yet"},
    "stats_team": {"es": "equipo: {figure}", "en": "team: {figure}"},
    "stats_alone": {
        "es": "Eres la única persona con promesas medidas en este espacio: tus cifras son las del equipo.",
        "en": "You are the only one here with promises to measure: your figures are the team's.",
    },
    "stats_counts": {
        "es": "✅ a tiempo: {on_time} · 📅 renegociadas a tiempo: {renegotiated} · 🕗 tarde: {late} · ❌ incumplidas: {broken}",
        "en": "✅ on time: {on_time} · 📅 renegotiated in time: {renegotiated} · 🕗 late: {late} · ❌ broken: {broken}",
    },
    "stats_trend_team": {
        "es": "📈 A tiempo, equipo, {weeks} semanas: {spark}",
        "en": "📈 On time, team, {weeks} weeks: {spark}",
    },
    "stats_trend_you": {"es": "Tú: {spark}", "en": "You: {spark}"},
    "stats_trend_last": {"es": "esta semana: {rate}", "en": "this week: {rate}"},
    "stats_empty_title": {
        "es": "📊 Aún no tengo cifras tuyas",
        "en": "📊 I have no figures of yours yet",
    },
    "stats_empty": {
        "es": "En los últimos {days} días no se cumplió ni venció ninguna de tus promesas. "
        "Cuando cumplas una (o venza), la verás aquí. Anota una con `/prometo llamar al cliente el jueves`.",
        "en": "None of your promises was kept or fell due in the last {days} days. "
        "Once one is kept (or falls due), you'll see it here. Record one with `/promise call the client on Thursday`.",
    },
    "stats_note": {
        "es": "A tiempo = cumplida para la fecha prometida al principio. Renegociar antes de que venza es honesto, pero no cuenta como a tiempo. Vencida sin cumplir ni renegociar = incumplida; si la cumples después, pasa a tarde. · = semana sin promesas que medir.",
        "en": "On time = kept by the date first promised. Renegotiating before the deadline is honest, but it isn't on time. Past due, neither kept nor renegotiated = broken; kept afterwards, it becomes late. · = a week with nothing to measure.",
    },
    "digest_keeping": {
        "es": "✅ {on_time} a tiempo · 📅 {renegotiated} renegociadas a tiempo · 🕗 {late} tarde · ❌ {broken} incumplidas",
        "en": "✅ {on_time} on time · 📅 {renegotiated} renegotiated in time · 🕗 {late} late · ❌ {broken} broken",
    },
    "digest_trend": {
        "es": "📈 A tiempo, últimas {weeks} semanas: {spark}",
        "en": "📈 On time, last {weeks} weeks: {spark}",
    },
    "digest_trend_range": {"es": "de {first} a {last}", "en": "from {first} to {last}"},
    "chart_title": {
        "es": "Promesas del equipo cumplidas a tiempo, por semana",
        "en": "Team promises kept on time, per week",
    },
    "chart_alt": {
        "es": "Gráfico de líneas: porcentaje de promesas del equipo cumplidas a tiempo en cada una de las últimas {weeks} semanas. {points}",
        "en": "Line chart: share of the team's promises kept on time in each of the last {weeks} weeks. {points}",
    },
    "chart_point": {"es": "Semana del {week}: {rate}", "en": "Week of {week}: {rate}"},
    "chart_none": {"es": "sin promesas", "en": "no promises"},
    "digest_people_state_on": {
        "es": "El resumen semanal muestra las cifras de cada persona, además de las del equipo. Para mostrar solo las del equipo: `/prometo resumen personas off`.",
        "en": "The weekly digest shows each person's figures as well as the team's. To show only the team's: `/promise digest people off`.",
    },
    "digest_people_state_off": {
        "es": "El resumen semanal muestra solo las cifras del equipo. Para mostrar también las de cada persona: `/prometo resumen personas on` (quien instaló Prometo o un administrador).",
        "en": "The weekly digest shows only the team's figures. To show each person's too: `/promise digest people on` (whoever installed Prometo, or an admin).",
    },
    "digest_people_on": {
        "es": "Listo: el resumen semanal mostrará también las cifras de cada persona.",
        "en": "Done: the weekly digest will show each person's figures too.",
    },
    "digest_people_off": {
        "es": "Listo: el resumen semanal mostrará solo las cifras del equipo.",
        "en": "Done: the weekly digest will show only the team's figures.",
    },
    "digest_people_usage": {
        "es": "No entendí «{word}». Usa `/prometo resumen personas on` o `/prometo resumen personas off`.",
        "en": "I didn't get “{word}”. Use `/promise digest people on` or `/promise digest people off`.",
    },
    "digest_people_forbidden": {
        "es": "Solo quien instaló Prometo o un administrador del espacio puede cambiar qué muestra el resumen semanal.",
        "en": "Only whoever installed Prometo, or a workspace admin, can change what the weekly digest shows.",
    },
}
