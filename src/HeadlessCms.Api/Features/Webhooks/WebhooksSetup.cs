using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Data;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

public static class WebhooksSetup
{
    /// <summary>The outbox observer (after the read model: call after registering it), the delivery job and its HTTP client.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddSingleton<IContentChangeObserver, WebhookOutbox>();

        // The handler owns the retry schedule (Cms:Webhooks:Backoff, read at each run): the kind retries at once unless
        // told to wait, and never gives up by itself. The lease outlasts the HTTP timeout by far.
        services.AddBackgroundJob<DeliverWebhookHandler>(DeliverWebhook.Kind, o =>
        {
            o.MaxAttempts = int.MaxValue;
            o.Backoff = [TimeSpan.Zero];
            o.Jitter = 0;
            o.Lease = TimeSpan.FromMinutes(2);
        });
        services.AddHttpClient(DeliverWebhookHandler.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => WebhookConnections.Handler(provider.GetRequiredService<IOptionsMonitor<WebhookOptions>>()))
            .ConfigureHttpClient(client => client.Timeout = TimeSpan.FromMinutes(1));
        return services;
    }
}
