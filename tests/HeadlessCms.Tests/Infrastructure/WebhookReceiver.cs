using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>One request the receiver got: the Standard Webhooks headers and the body as sent.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body)
{
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;

    public string Type => Json.Str("type");

    /// <summary>Verifies the signature with the StandardWebhooks NuGet package (throws WebhookVerificationException when wrong).</summary>
    public void Verify(string secret) => new StandardWebhook(secret).Verify(Body, new HeaderDictionary
    {
        ["webhook-id"] = Id,
        ["webhook-timestamp"] = Timestamp,
        ["webhook-signature"] = Signature,
    });
}

/// <summary>Article PATCH takes JSON Merge Patch.</summary>
public static class MergePatch
{
    public static Task<HttpResponseMessage> PatchMerge(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, new StringContent(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web),
            new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json")));
}

/// <summary>What a receiver endpoint answers next.</summary>
public sealed record ReceiverAnswer(int Status, string? RetryAfter = null, string? Location = null);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a free port). Each test takes an endpoint of its own; by default an
/// endpoint answers 204, a test can script the next answers (status, Retry-After) of its endpoint.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceiverAnswer>> scripts = new();
    private WebApplication? app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hooks/{name}", async (HttpContext context, string name) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = "/hooks/" + name;
            receiver.received.Enqueue(new ReceivedWebhook(
                path,
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(),
                body));
            if (receiver.scripts.TryGetValue(path, out var script) && script.TryDequeue(out var answer))
            {
                if (answer.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = answer.RetryAfter;
                }

                if (answer.Location is not null)
                {
                    context.Response.Headers.Location = answer.Location;
                }

                context.Response.StatusCode = answer.Status;
                await context.Response.WriteAsync($"answer {answer.Status}");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await app.StartAsync();
        receiver.app = app;
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>A fresh endpoint URL for one test.</summary>
    public string NewEndpoint(string name = "hook") => $"{BaseUrl}/hooks/{Api.Unique(name)}";

    /// <summary>The next answers of an endpoint, in order; after them it answers 204 again.</summary>
    public void Script(string url, params ReceiverAnswer[] answers)
    {
        var queue = scripts.GetOrAdd(new Uri(url).AbsolutePath, _ => new());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    public List<ReceivedWebhook> At(string url) => received.Where(r => r.Path == new Uri(url).AbsolutePath).ToList();

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
