using System.Text.Json;
using Microsoft.Playwright;

namespace HeadlessCms.Tests.NewsSite;

/// <summary>axe-core (pinned in the site's package-lock.json) run inside the page, the way @axe-core/playwright does.</summary>
internal static class Axe
{
    public sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    public static async Task<Violation[]> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = SiteBuild.AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ["violations"] });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact ?? "", help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
              }));
            }
            """);
        return violations.Deserialize<Violation[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!
            .Where(v => v.Impact is "serious" or "critical")
            .ToArray();
    }

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        Assert.True(violations.Length == 0,
            $"axe found serious or critical violations on {page.Url}:\n" +
            string.Join("\n", violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Targets)}")));
    }
}
