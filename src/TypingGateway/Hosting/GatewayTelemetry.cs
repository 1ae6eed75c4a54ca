using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TypingGateway.Diagnostics;

namespace TypingGateway.Hosting;

/// <summary>
/// OpenTelemetry, only when an OTLP endpoint is configured (<see cref="TelemetryOptions"/>): traces of
/// ASP.NET Core (one server span per request, with the gateway's attributes), HttpClient (the proxied
/// upstream call, token requests, synthesized stops) and StackExchange.Redis; metrics of the gateway's
/// meter, ASP.NET Core, Kestrel, HttpClient and the runtime. With no endpoint nothing is registered:
/// no ActivityListener or MeterListener exists, so ASP.NET Core and HttpClient take their
/// no-listener paths and the hand-written <c>/metrics</c> stays the only output.
/// </summary>
internal static class GatewayTelemetry
{
    public static void AddTo(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        // Decided once, at registration: instrumentation cannot be added to a built provider.
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var target = OtlpTarget.Resolve(options, builder.Configuration);
        services.AddSingleton(new GatewayTracing(enabled: target is not null));
        if (target is null)
        {
            return;
        }

        services.AddSingleton(target);
        services.AddOptions<AspNetCoreTraceInstrumentationOptions>()
            .Configure<IOptions<MetricsOptions>>((tracing, metrics) =>
            {
                // Probes and scrapes would outnumber proxied requests; they are not what traces are for.
                var metricsPath = metrics.Value.Path;
                tracing.Filter = context => !context.Request.Path.StartsWithSegments(metricsPath, StringComparison.OrdinalIgnoreCase)
                    && !context.Request.Path.StartsWithSegments(GatewayEndpoints.Live, StringComparison.OrdinalIgnoreCase)
                    && !context.Request.Path.StartsWithSegments(GatewayEndpoints.Ready, StringComparison.OrdinalIgnoreCase);
            });

        var telemetry = services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration[TelemetryDefaults.ServiceNameVariable]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(TelemetryDefaults.ServiceName));
        }

        // Signal-specific exporters rather than UseOtlpExporter, which would also turn on OTLP logs:
        // logs are Serilog's, and every provider here sees Trace level (GatewayLogging).
        telemetry
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRedisInstrumentation() // the multiplexer joins when it exists: RedisConnection
                .AddOtlpExporter(exporter => target.Apply(exporter, TelemetryDefaults.TracesPath)))
            .WithMetrics(metrics => metrics
                .AddMeter([.. TelemetryDefaults.Meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => target.Apply(exporter, TelemetryDefaults.MetricsPath)));
    }
}
