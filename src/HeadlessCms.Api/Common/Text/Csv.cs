using System.Text;

namespace HeadlessCms.Api.Common.Text;

/// <summary>
/// RFC 4180 CSV cells. A cell that a spreadsheet would run as a formula (it starts with =, +, -, @, tab or carriage
/// return) is prefixed with an apostrophe, so an exported value a stranger typed cannot execute on an admin's machine.
/// </summary>
public static class Csv
{
    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Writes a header and rows to a response as text/csv (UTF-8), as a download named <paramref name="fileName"/>.</summary>
    public static IResult Stream<T>(IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IEnumerable<string?>> cells, string fileName) =>
        Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024);
            await writer.WriteAsync(Line(header));
            await foreach (var row in rows)
            {
                await writer.WriteAsync(Line(cells(row)));
            }
        }, "text/csv; charset=utf-8", fileName);
}
