using System.Text;
using HeadlessCms.Api.Common.Text;

namespace HeadlessCms.Tests.Common;

/// <summary>
/// The repair against two corpora written for this project: clean multilingual text that must come through with zero
/// changes, and the same text damaged the ways real pipelines damage it, which must come back exactly.
/// </summary>
public sealed class MojibakeRepairTests
{
    static MojibakeRepairTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Clean text, one sample per line of the corpus; every line is also damaged for the second corpus.</summary>
    public static readonly string[] CleanCorpus =
    [
        // English with typographic punctuation, currency and marks.
        "Europe’s refiners say the plan is “ambitious” — and that it will cost €9.2 billion.",
        "The hub – planned for 2030 – aims at 10% of the market… or so the ministry says.",
        "Rare Earth Metals™ and Magnets® are trademarks; © 2026 the authors.",
        "Prices rose 3½% to £41.50 per kilogram; temperatures hit 40 °C at the mine.",
        "‘Single quotes’ and a bullet • between items, plus a non-breaking 10\u00A0km stretch.",
        "The ratio was 3×2 and the fee ±5%, payable in ¥ or $.",
        "She said: “It’s not about reserves; it’s about separation chemistry.”",
        "Arrows → and ← mark the flows; ✓ done, ★ rated, ≤ 5 units, ∞ patience.",
        "A price of 5€ and a brand™ on their own are not damage.",
        // French.
        "À bientôt : l’usine de Lyon a déjà coûté 12 M€ ; « c’est énorme », dit-il.",
        "Noël, où la crème brûlée et le cœur de l’hôtel ont été élevés à la française.",
        "ÉTATS-UNIS : LA FRANCE ET L’ÎLE-DE-FRANCE DÉCIDENT À L’UNANIMITÉ.",
        "Il s’est dû à la naïveté du maïs ; ça a été reçu.",
        // German.
        "Die Bürgerinitiative prüft die Größe der Anlage in Köln und München.",
        "„Das ist übertrieben“, sagte die Geschäftsführerin der Hütte in Düsseldorf.",
        "ÄRGER ÜBER ÖLPREISE: STRASSE GESPERRT, MASSE GRÖSSER.",
        // Spanish.
        "¿Dónde está el niño? ¡España y Perú firman el acuerdo de minería!",
        "La compañía invirtió en Cádiz, Málaga y León; «está en marcha», dijo.",
        "ESPAÑA Y MÉXICO: ACCIÓN CONJUNTA EN LA REGIÓN.",
        // Portuguese, including uppercase words that end in Ã before punctuation.
        "A produção em São Paulo é maior; não há previsão para a expansão.",
        "Ele é o irmão da maçã; as ações da empresa subiram.",
        "SÃO PAULO E MARANHÃO: “IRMÃ” E “MAÇÔ NA MANCHETE.",
        // Vietnamese.
        "Việt Nam xuất khẩu đất hiếm sang Nhật Bản và Hàn Quốc trong năm nay.",
        "Người dân ở Hà Nội và Thành phố Hồ Chí Minh theo dõi thị trường.",
        // Turkish, Polish, Czech, Romanian, Icelandic, Nordic.
        "İstanbul’da şirket, Ağrı ve Iğdır’da yeni bir tesis açtı; çalışmalar sürüyor.",
        "Łódź i Gdańsk: zażółć gęślą jaźń, powiedział prezes spółki.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy v Ostravě.",
        "Bucureşti şi Bucureș ți: țara și știința românească.",
        "Þórður og Guðrún fóru til Reykjavíkur; æðarfugl í Ísafirði.",
        "Åse og Øystein i Tromsø; Åland och Göteborg.",
        // Greek and Cyrillic.
        "Η Ελλάδα και η Κύπρος συζητούν για τις σπάνιες γαίες.",
        "Россия планирует построить завод в Сибири к 2030 году.",
        "Україна та Європа обговорюють постачання рідкісноземельних металів.",
        // Thai, including words whose code-page bytes happen to look like UTF-8 (รถ, ยก, ปรกติ, เธอ).
        "รถยนต์ไฟฟ้าต้องใช้แม่เหล็กจากแร่หายาก",
        "เธอยกกล่องขึ้นรถ แล้วขับไปโรงงานตามปรกติ",
        "โรงงานแยกแร่แห่งใหม่ในไซบีเรียยังไม่พร้อม",
        "ราคาแร่ “สูงขึ้น” มาก — นักวิเคราะห์กล่าว",
        "ไทย 2569: โครงการ ๑๐ ปี",
        // Japanese, Chinese, Korean, emoji.
        "日本のレアアース輸入は中国に依存している。",
        "中国控制着全球约85%的稀土精炼产能。",
        "한국은 희토류 공급망을 다변화하고 있다.",
        "Markets 📈 and mines ⛏️ — 👍",
        // Hebrew and Arabic.
        "ישראל בוחנת שיתוף פעולה בתחום המתכות הנדירות.",
        "تسعى الدول الأوروبية إلى تنويع مصادر المعادن النادرة.",
    ];

    /// <summary>
    /// The capture's damage: each byte as Windows-874 shows it, Windows-1252 where 874 has nothing (a C1 control where
    /// neither does; the capture lost those bytes, see the lost-quote test).
    /// </summary>
    private static string AsWindows874(string clean)
    {
        var thai = Encoding.GetEncoding(874, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var western = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var output = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(clean))
        {
            var asThai = thai.GetString([b]);
            var asWestern = western.GetString([b]);
            output.Append(b < 0x80 ? ((char)b).ToString()
                : asThai[0] is not ((>= '\u0080' and <= '\u009F') or (>= '\uF8C0' and <= '\uF8FF')) ? asThai
                : asWestern);
        }

        return output.ToString();
    }

    private static string AsWindows1252(string clean) => Encoding.GetEncoding(1252).GetString(Encoding.UTF8.GetBytes(clean));

    private static string AsLatin1(string clean) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(clean));

    public static TheoryData<int> Lines() => [.. Enumerable.Range(0, CleanCorpus.Length)];

    [Fact]
    public void The_clean_corpus_comes_through_with_zero_changes()
    {
        var changed = CleanCorpus
            .Select(line => (line, result: MojibakeRepair.Repair(line)))
            .Where(x => x.result.Repairs.Count > 0 || x.result.Text != x.line)
            .Select(x => $"{x.line} => {string.Join(", ", x.result.Repairs.Select(r => $"{r.Before}→{r.After}"))}")
            .ToList();

        Assert.True(changed.Count == 0, "False repairs:\n" + string.Join("\n", changed));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Windows_1252_damage_is_repaired(int line) => AssertRepaired(CleanCorpus[line], AsWindows1252(CleanCorpus[line]));

    [Theory]
    [MemberData(nameof(Lines))]
    public void Latin_1_damage_is_repaired(int line) => AssertRepaired(CleanCorpus[line], AsLatin1(CleanCorpus[line]));

    [Theory]
    [MemberData(nameof(Lines))]
    public void Double_Windows_1252_damage_is_repaired(int line) =>
        AssertRepaired(CleanCorpus[line], AsWindows1252(AsWindows1252(CleanCorpus[line])));

    [Theory]
    [MemberData(nameof(Lines))]
    public void Windows_874_damage_is_repaired(int line)
    {
        AssertRepaired(CleanCorpus[line], AsWindows874(CleanCorpus[line]));
    }

    private static void AssertRepaired(string clean, string damaged)
    {
        var result = MojibakeRepair.Repair(damaged);
        Assert.Equal(clean, result.Text);
        Assert.Equal(damaged != clean, result.Repairs.Count > 0);
        Assert.False(MojibakeRepair.LooksDamaged(result.Text));
    }

    [Fact]
    public void Each_repair_says_what_where_and_how()
    {
        var result = MojibakeRepair.Repair("Title\nEuropeโ€™s hub — CafÃ© ÃƒÂ©tÃƒÂ©");

        Assert.Equal("Title\nEurope’s hub — Café été", result.Text);
        Assert.Collection(result.Repairs,
            r => Assert.Equal(new TextRepair(MojibakeRepair.Windows874, "โ€™", "’", 12, 2, 7), r),
            r => Assert.Equal(new TextRepair(MojibakeRepair.Windows1252, "Ã©", "é", 26, 2, 21), r),
            r => Assert.Equal(new TextRepair(MojibakeRepair.Double, "ÃƒÂ©", "é", 29, 2, 24), r),
            r => Assert.Equal(new TextRepair(MojibakeRepair.Double, "ÃƒÂ©", "é", 34, 2, 29), r));
    }

    [Fact]
    public void A_quote_whose_last_byte_was_lost_is_restored_and_reported_as_such()
    {
        var result = MojibakeRepair.Repair("A โ€œ10% by 2030โ€ target and â€œanotherâ€\uFFFD one.");

        Assert.Equal("A “10% by 2030” target and “another” one.", result.Text);
        Assert.Equal([MojibakeRepair.Windows874, MojibakeRepair.LostByte, MojibakeRepair.Windows1252, MojibakeRepair.LostByte],
            result.Repairs.Select(r => r.Kind));
    }

    [Fact]
    public void Non_breaking_space_junk_goes_but_typographic_ones_stay()
    {
        var result = MojibakeRepair.Repair("End of text.ย\u00A0ย\u00A0ย\u00A0\n\nNext\u00A0\u00A0 line, 10\u00A0km, « mot\u00A0».\u00A0");

        Assert.Equal("End of text.\n\nNext line, 10\u00A0km, « mot\u00A0».", result.Text);
        Assert.Equal(3, result.Repairs.Count);
        Assert.Equal("ย\u00A0ย\u00A0ย\u00A0", result.Repairs[0].Before);
        Assert.Equal("", result.Repairs[0].After);
    }

    [Fact]
    public void Text_is_composed_to_nfc()
    {
        var result = MojibakeRepair.Repair("Cafe\u0301 and Vie\u0323\u0302t and \u2126hm");

        Assert.Equal("Café and Việt and Ωhm", result.Text);
        Assert.All(result.Repairs, r => Assert.Equal(MojibakeRepair.Nfc, r.Kind));
        Assert.Equal(["e\u0301", "e\u0323\u0302", "\u2126"], result.Repairs.Select(r => r.Before));
    }

    [Theory]
    [InlineData("Kรถln und Mรผnchen", "Köln und München")]
    [InlineData("ÐŸÑ€Ð¸Ð²ÐµÑ‚, Ð¼Ð¸Ñ€", "Привет, мир")]
    [InlineData("ESPAÃ‘A", "ESPAÑA")]
    [InlineData("il a dÃ» partir", "il a dû partir")]
    [InlineData("\u00EF\u00BB\u00BFHeadline", "Headline")]
    [InlineData("ðŸ‘\u008D done", "👍 done")]
    public void Typical_damage_is_repaired(string damaged, string clean) => Assert.Equal(clean, MojibakeRepair.Repair(damaged).Text);

    [Theory]
    [InlineData("รถ")]
    [InlineData("ยก")]
    [InlineData("IRMÃ”.")]
    [InlineData("Ã")]
    [InlineData("โ")]
    [InlineData("ย")]
    public void Short_genuine_text_is_left_alone(string text) => Assert.Empty(MojibakeRepair.Repair(text).Repairs);
}
