using System.Text;

namespace HeadlessCms.Bench.Seeder;

/// <summary>
/// Deterministic, varied industry-news text from a seeded <see cref="Random"/>. Written for the benchmark,
/// not copied from anywhere: realistic in shape and size (sentences, paragraphs, headings, lists, links),
/// not in truth. Every run with the same seed produces the same words in the same order.
/// </summary>
internal sealed class NewsText(Random rng)
{
    private static readonly string[] Regions =
    [
        "Northern Australia", "the Baltic states", "Western Canada", "Inner Mongolia", "southern Chile", "the Copperbelt",
        "Central Asia", "the Gulf Coast", "Greenland", "Eastern Europe", "West Africa", "Kazakhstan", "northern Sweden",
        "Quebec", "the Pilbara", "Minas Gerais", "Nevada", "Finland", "Vietnam", "Malaysia", "Indonesia", "Morocco",
        "Namibia", "Bavaria", "Ontario", "Tasmania", "Mongolia", "Portugal", "Serbia", "Japan",
    ];

    private static readonly string[] Commodities =
    [
        "rare earth oxides", "lithium carbonate", "cobalt hydroxide", "nickel matte", "graphite anode material",
        "copper concentrate", "gallium", "germanium", "tungsten", "vanadium", "magnet-grade neodymium", "manganese",
        "antimony", "scandium", "battery-grade lithium hydroxide", "high-purity alumina", "dysprosium", "terbium",
        "silicon metal", "platinum group metals",
    ];

    private static readonly string[] Actors =
    [
        "state-backed refiners", "junior miners", "battery makers", "utility buyers", "trading houses", "export regulators",
        "smelter operators", "carmakers", "defence contractors", "port authorities", "pension funds", "customs officials",
        "chip makers", "magnet producers", "development banks", "independent analysts", "recyclers", "grid operators",
    ];

    private static readonly string[] Verbs =
    [
        "are racing to secure", "have quietly stockpiled", "are renegotiating long-term contracts for",
        "expect tighter supply of", "are lobbying for subsidies on", "have delayed new investment in",
        "are testing alternative sources of", "warn of shortages in", "are cutting their exposure to",
        "are building processing capacity for", "have stepped up purchases of", "are asking for price floors on",
    ];

    private static readonly string[] Facilities =
    [
        "separation plant", "refinery", "open-pit mine", "hydrometallurgical facility", "magnet factory", "smelter",
        "pilot plant", "recycling line", "concentrator", "processing hub", "export terminal", "cathode plant",
    ];

    private static readonly string[] Adjectives =
    [
        "newly commissioned", "long-delayed", "state-owned", "privately financed", "expanded", "partly idle",
        "recently upgraded", "joint-venture", "flagship", "second-phase", "export-oriented", "modernised",
    ];

    private static readonly string[] Periods = ["quarter", "month", "half-year", "past six weeks", "year to date", "season"];

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] Policies =
    [
        "export licence regime", "stockpiling programme", "local processing requirement", "price reporting rule",
        "investment screening law", "royalty increase", "recycling mandate", "permitting reform", "tariff schedule",
        "critical minerals list", "offtake guarantee scheme", "content requirement",
    ];

    private static readonly string[] Bottlenecks =
    [
        "ore in the ground", "separation and refining", "skilled labour", "reliable power", "water rights",
        "rail capacity", "permits", "solvent extraction know-how", "financing", "offtake agreements",
        "port access", "metallurgical testing",
    ];

    private static readonly string[] Headings =
    [
        "Why {c} matters now", "The processing gap", "What buyers are doing", "Prices and contracts", "Policy in {r}",
        "What to watch", "The numbers behind the headlines", "Risks ahead", "Who gains and who loses", "The view from {r}",
        "Money and timelines", "How the market reacted", "A longer history", "The technology question",
        "Where the bottleneck sits", "Supply chains under strain", "Reading the fine print", "Beyond {c}",
    ];

    private static readonly string[] TitleMoves =
    [
        "bets on", "doubles down on", "tightens its grip on", "rethinks", "opens the door to", "courts investors for",
        "faces a reckoning over", "races to refine", "loses ground in", "plans a reserve of", "weighs curbs on",
        "finds new buyers for",
    ];

    private static readonly string[] TitleTails =
    [
        "as {a} {v} supply", "while prices slide", "after a year of delays", "despite a processing bottleneck",
        "as export rules shift", "under pressure from {a}", "with a {f} in view", "amid a scramble for {c}",
        "as the bottleneck moves downstream", "ahead of new tariffs",
    ];

    public string Pick(string[] items) => items[rng.Next(items.Length)];

    private int Year() => 2015 + rng.Next(11);

    /// <summary>One sentence of plain ASCII: no Markdown, no characters HTML escapes (&amp;, &lt;, &gt;).</summary>
    public string PlainSentence() => rng.Next(10) switch
    {
        0 => $"{Cap(Pick(Actors))} in {Pick(Regions)} {Pick(Verbs)} {Pick(Commodities)}, according to people familiar with the talks.",
        1 => $"Prices for {Pick(Commodities)} moved {rng.Next(2, 40)} percent over the {Pick(Periods)}, the sharpest swing since {Year()}.",
        2 => $"Output at the {Pick(Adjectives)} {Pick(Facilities)} in {Pick(Regions)} reached {rng.Next(2, 90) * 100:N0} tonnes in the {Pick(Periods)}.",
        3 => $"The real bottleneck is not {Pick(Bottlenecks)} but {Pick(Bottlenecks)}, which can take {rng.Next(3, 15)} years to build up.",
        4 => $"Officials said the new {Pick(Policies)} would apply from {Pick(Months)} {Year() + 10}, though the details remain thin.",
        5 => $"{Cap(Pick(Actors))} have signed {rng.Next(2, 12)} supply agreements this year, most of them shorter than {rng.Next(3, 8)} years.",
        6 => $"A {Pick(Facilities)} of that size needs roughly {rng.Next(2, 30)} billion dollars and a decade of patience before it pays back.",
        7 => $"Analysts at several banks now expect a deficit in {Pick(Commodities)} by {Year() + 12}, up from a small surplus last year.",
        8 => $"The {Pick(Policies)} has already changed how {Pick(Actors)} price risk in {Pick(Regions)}.",
        _ => $"Shipments from {Pick(Regions)} fell {rng.Next(3, 60)} percent after the {Pick(Policies)} took effect.",
    };

    public string PlainParagraph(int sentences)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(PlainSentence());
        }

        return text.ToString();
    }

    /// <summary>A paragraph with some inline Markdown (emphasis, a link, a quote), as editors write them.</summary>
    public string MarkdownParagraph()
    {
        var sentences = new List<string>();
        var count = rng.Next(3, 6);
        for (var i = 0; i < count; i++)
        {
            var sentence = PlainSentence();
            switch (rng.Next(8))
            {
                case 0:
                    // Bold the opening words, the way editors stress a lead.
                    var words = sentence.Split(' ', 4);
                    sentence = $"**{words[0]} {words[1]} {words[2]}** {words[3]}";
                    break;
                case 1:
                    sentence = $"*{Cap(Pick(Commodities))}* is the word that keeps coming up. " + sentence;
                    break;
                case 2:
                    sentence += $" The [filing](https://example.org/filings/{rng.Next(1000, 99999)}) spells out the terms.";
                    break;
                case 3:
                    sentence = $"\"We are planning for {rng.Next(2, 9)} years, not {rng.Next(1, 3)},\" one executive said. " + sentence;
                    break;
            }

            sentences.Add(sentence);
        }

        return string.Join(' ', sentences);
    }

    public string BulletList()
    {
        var items = rng.Next(3, 6);
        var list = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            list.Append("- ").Append(Cap(Pick(Commodities))).Append(": ").Append(PlainSentence()).Append('\n');
        }

        return list.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// Everything of an article body after its first paragraph: 4-6 "## " sections of about
    /// <paramref name="targetLength"/> characters in all, with lists, links and emphasis here and there.
    /// </summary>
    public string Sections(int targetLength)
    {
        var sectionCount = rng.Next(4, 7);
        var perSection = targetLength / sectionCount;
        var headings = new HashSet<string>();
        var body = new StringBuilder();
        for (var s = 0; s < sectionCount; s++)
        {
            string heading;
            do
            {
                heading = Pick(Headings).Replace("{c}", Pick(Commodities)).Replace("{r}", Pick(Regions));
            }
            while (!headings.Add(heading));

            var start = body.Length;
            body.Append("## ").Append(Cap(heading)).Append("\n\n");
            var listDone = false;
            while (body.Length - start < perSection)
            {
                if (!listDone && rng.Next(4) == 0)
                {
                    body.Append(BulletList()).Append("\n\n");
                    listDone = true;
                }
                else if (rng.Next(12) == 0)
                {
                    body.Append("> ").Append(PlainSentence()).Append("\n\n");
                }
                else
                {
                    body.Append(MarkdownParagraph()).Append("\n\n");
                }
            }
        }

        return body.ToString().TrimEnd('\n');
    }

    public string Title()
    {
        var tail = Pick(TitleTails).Replace("{a}", Pick(Actors)).Replace("{v}", Pick(["tighten", "secure", "hoard", "diversify"]))
            .Replace("{c}", Pick(Commodities)).Replace("{f}", Pick(Facilities));
        return $"{Cap(Pick(Regions))} {Pick(TitleMoves)} {Pick(Commodities)} {tail}";
    }

    public string Highlight() => rng.Next(5) switch
    {
        0 => $"{Cap(Pick(Commodities))} prices moved {rng.Next(2, 40)} percent in the {Pick(Periods)}.",
        1 => $"{Cap(Pick(Actors))} in {Pick(Regions)} {Pick(Verbs)} {Pick(Commodities)}.",
        2 => $"{A(Pick(Adjectives))} {Pick(Facilities)} adds {rng.Next(2, 90) * 100:N0} tonnes a year of capacity.",
        3 => $"The {Pick(Policies)} starts in {Pick(Months)}.",
        _ => $"The bottleneck is {Pick(Bottlenecks)}, not {Pick(Bottlenecks)}.",
    };

    private static string A(string word) => ("aeiou".Contains(word[0]) ? "An " : "A ") + word;

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
