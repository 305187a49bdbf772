// The benchmark's ceiling: what this machine's Kestrel can serve at all. Every GET (any path, so the same wrk
// script that cycles article slugs drives it) gets the exact bytes of one article response, held in memory.
// Usage: dotnet Ceiling.dll <response-body-file> [etag] [/path|file|content-type ...] --urls http://127.0.0.1:PORT
// A "/path|file|content-type" argument serves that file's bytes on that exact path instead (the RSS feed, a sync page):
// the ceiling for a scenario whose response is not an article's size.
// No routing, no middleware and no per-request logging: anything the API spends beyond this is its own cost.
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Ceiling <response-body-file> [etag] --urls http://127.0.0.1:PORT");
    return 2;
}

var body = File.ReadAllBytes(args[0]);
var etag = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) && !args[1].StartsWith('/') ? args[1] : null;
var byPath = args.Skip(1)
    .Where(a => a.StartsWith('/') && a.Split('|').Length == 3)
    .Select(a => a.Split('|'))
    .ToDictionary(a => a[0], a => (Body: File.ReadAllBytes(a[1]), ContentType: a[2]), StringComparer.Ordinal);

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

app.Run(async http =>
{
    if (!HttpMethods.IsGet(http.Request.Method))
    {
        http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        return;
    }

    if (byPath.TryGetValue(http.Request.Path.Value ?? "", out var other))
    {
        http.Response.ContentType = other.ContentType;
        http.Response.ContentLength = other.Body.Length;
        await http.Response.Body.WriteAsync(other.Body, http.RequestAborted);
        return;
    }

    // The same headers the API's article response carries, so both answers are the same size on the wire.
    http.Response.ContentType = "application/json; charset=utf-8";
    http.Response.ContentLength = body.Length;
    if (etag is not null)
    {
        http.Response.Headers.ETag = etag;
    }

    await http.Response.Body.WriteAsync(body, http.RequestAborted);
});

await app.RunAsync();
return 0;
