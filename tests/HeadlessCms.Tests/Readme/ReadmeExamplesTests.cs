using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using HeadlessCms.Tests.Clients;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Readme;

/// <summary>
/// Every ```sh / ```bash example of README.md runs, as written and in the README's order, in one bash script against an
/// API started on 127.0.0.1 (SQLite, the product's defaults and sample content), and answers what the README says:
/// <list type="bullet">
/// <item>The harness sets only what the README tells the reader to set: <c>KEY</c>, the admin key. The README's origin
/// <c>http://localhost:5080</c> is replaced with the test server's, since a test cannot own a fixed port.</item>
/// <item>The script runs with <c>set -euo pipefail</c>: a variable used before the README defines it, or a command that
/// fails (curl cannot connect, jq finds no such field), fails the test.</item>
/// <item>A <c># → 201</c> comment on a curl command (or on the line after it) is that command's expected status
/// (<c># → 202|409</c>: either, where the answer depends on timing the reader does not control); any
/// <c>"member":value</c> pairs after it must appear in the response body. A curl without one must not answer 4xx/5xx.</item>
/// <item>A block the test cannot run (it starts the API, needs Docker, a browser, a benchmark machine) is preceded by a
/// visible line starting <c>*Not run by the README test:</c> with the reason; those are listed in the output.</item>
/// </list>
/// The engine does not matter here, so it runs once.
/// </summary>
/// <summary>The product's defaults on a loopback port; emails go to a temporary folder, not into the source tree.</summary>
public sealed class ReadmeApiFixture : LoopbackApiFixture
{
    public string MailPickup { get; } = Path.Combine(Path.GetTempPath(), "hcms-readme-mail", Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cms:Smtp:PickupDirectory"] = MailPickup,
    };
}

public sealed partial class ReadmeExamplesTests(ReadmeApiFixture fx, ITestOutputHelper output) : IClassFixture<ReadmeApiFixture>
{
    public const string SkipMarker = "*Not run by the README test:";
    private const string ReadmeOrigin = "http://localhost:5080";

    [Fact]
    public async Task Every_shell_example_runs_and_answers_as_the_readme_says()
    {
        var root = RepositoryFiles.Root();
        var blocks = ReadBlocks(await File.ReadAllTextAsync(Path.Combine(root, "README.md")));
        var run = blocks.Where(b => b.SkipReason is null).ToList();
        foreach (var skipped in blocks.Where(b => b.SkipReason is not null))
        {
            output.WriteLine($"not run: README.md line {skipped.Line}: {skipped.SkipReason}");
        }

        Assert.True(run.Count >= 10, $"Only {run.Count} README examples would run; the rest are marked as not run.");

        var expected = run.SelectMany(b => b.Calls).ToList();
        var work = Directory.CreateTempSubdirectory("hcms-readme-").FullName;
        try
        {
            var script = new StringBuilder(Prelude(work));
            foreach (var block in run)
            {
                script.AppendLine($"echo '=== README.md line {block.Line}' >&2");
                script.AppendLine(block.Code.Replace(ReadmeOrigin, fx.Url, StringComparison.Ordinal));
            }

            var scriptPath = Path.Combine(work, "readme.sh");
            await File.WriteAllTextAsync(scriptPath, script.ToString());
            var (exit, log) = await RunAsync(scriptPath, root);
            output.WriteLine(log);
            Assert.True(exit == 0, $"The README's examples stopped with exit code {exit}:\n{Tail(log)}");

            var statuses = Directory.GetFiles(work, "call.*.status").Length;
            Assert.True(statuses == expected.Count,
                $"The README's examples call curl {expected.Count} times as written, but {statuses} calls ran (a loop or a skipped line?).");
            for (var i = 0; i < expected.Count; i++)
            {
                var call = expected[i];
                var status = int.Parse((await File.ReadAllTextAsync(Path.Combine(work, $"call.{i + 1}.status"))).Trim());
                var body = File.Exists(Path.Combine(work, $"call.{i + 1}.body")) ? await File.ReadAllTextAsync(Path.Combine(work, $"call.{i + 1}.body")) : "";
                var where = $"README.md line {call.Line} (`{call.Text}`) answered {status}: {Shorten(body)}";
                if (call.Status is { } claimed)
                {
                    Assert.True(claimed.Contains(status), $"{where}; the README says {string.Join(" or ", claimed)}.");
                }
                else
                {
                    Assert.True(status is >= 200 and < 400, $"{where}; the README claims no error there.");
                }

                foreach (var pair in call.BodyClaims)
                {
                    Assert.True(body.Contains(pair, StringComparison.Ordinal), $"{where}; the README says the body has {pair}.");
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>curl is wrapped: each call's status and body are kept, numbered in the order the calls run.</summary>
    private string Prelude(string work) => $$"""
        set -euo pipefail
        export KEY='{{CmsApiFixture.AdminKey}}'
        HCMS_CALLS='{{work}}'
        echo 0 > "$HCMS_CALLS/count"
        curl() {
          local n=$(( $(cat "$HCMS_CALLS/count") + 1 )) rc=0
          echo "$n" > "$HCMS_CALLS/count"
          command curl "$@" --write-out '%{stderr}\n%{http_code}' 2>"$HCMS_CALLS/call.$n.err" | tee "$HCMS_CALLS/call.$n.body" || rc=$?
          tail -n 1 "$HCMS_CALLS/call.$n.err" > "$HCMS_CALLS/call.$n.status"
          head -n -1 "$HCMS_CALLS/call.$n.err" >&2
          return "$rc"
        }

        """;

    private static async Task<(int Exit, string Log)> RunAsync(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo("bash", [script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var log = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lockObject) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lockObject) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, log.ToString());
    }

    internal sealed record Block(int Line, string Code, string? SkipReason, List<Call> Calls);

    internal sealed record Call(int Line, string Text, int[]? Status, List<string> BodyClaims);

    internal static List<Block> ReadBlocks(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (fence.Groups["lang"].Value is "sh" or "bash")
            {
                var previous = lines.Take(i).Reverse().FirstOrDefault(l => l.Trim().Length > 0) ?? "";
                var skip = previous.StartsWith(SkipMarker, StringComparison.Ordinal) ? previous[SkipMarker.Length..].Trim().TrimEnd('*').Trim() : null;
                blocks.Add(new Block(i + 1, string.Join('\n', lines[(i + 1)..end]), skip, Calls(lines, i + 1, end)));
            }

            i = end;
        }

        return blocks;
    }

    /// <summary>The curl calls of a block in the order they are written, each with the claim of its "# →" comment.</summary>
    private static List<Call> Calls(string[] lines, int from, int to)
    {
        var calls = new List<Call>();
        for (var i = from; i < to; i++)
        {
            var (code, comment) = SplitComment(lines[i]);
            foreach (Match _ in CurlCall().Matches(code))
            {
                calls.Add(new Call(i + 1, code.Trim(), null, []));
            }

            var claim = Claim().Match(comment);
            if (claim.Success && calls.Count > 0)
            {
                calls[^1] = calls[^1] with
                {
                    Status = claim.Groups["status"].Value.Split('|').Select(int.Parse).ToArray(),
                    BodyClaims = BodyPair().Matches(claim.Groups["rest"].Value).Select(m => m.Value).ToList(),
                };
            }
        }

        return calls;
    }

    /// <summary>Splits a line at a shell comment: a # at the start or after whitespace, outside quotes.</summary>
    private static (string Code, string Comment) SplitComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return (line[..i], line[i..]);
            }
        }

        return (line, "");
    }

    private static string Tail(string log) => log.Length > 4000 ? "…" + log[^4000..] : log;

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    [GeneratedRegex(@"^```(?<lang>[a-z]*)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(?<![\w/.-])curl\s")]
    private static partial Regex CurlCall();

    [GeneratedRegex(@"^#\s*→\s*(?<status>\d{3}(?:\|\d{3})*)\b(?<rest>.*)$")]
    private static partial Regex Claim();

    [GeneratedRegex(@"""\w+"":(""[^""…]*""|true|false|null|-?\d+)")]
    private static partial Regex BodyPair();
}
