using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace TypingGateway.Configuration;

/// <summary>
/// Unlike the stock JSON file provider, which empties its data when a reload fails to parse
/// (YARP would then apply a config with no routes), this provider keeps the last good data
/// when any file is unreadable and reports why, so a half-saved file never takes routes down.
/// </summary>
internal sealed class ConfigDirectoryProvider : ConfigurationProvider, IDisposable
{
    // Editors write a file in several steps; wait for them to settle before reading.
    private static readonly TimeSpan _debounceDelay = TimeSpan.FromMilliseconds(300);

    private readonly ConfigDirectorySource _source;
    private readonly PhysicalFileProvider _files;
    private readonly IDisposable _watch;
    private readonly Lock _reloadLock = new();
    private int _reloadGeneration;

    public ConfigDirectoryProvider(ConfigDirectorySource source)
    {
        _source = source;
        _files = new PhysicalFileProvider(source.Directory);
        _watch = ChangeToken.OnChange(() => _files.Watch("*.json"), ScheduleReload);
    }

    public override void Load()
    {
        var (data, errors) = ReadDirectory(_source.Directory);
        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(errors);
        }

        Data = data;
    }

    public void Dispose()
    {
        _watch.Dispose();
        _files.Dispose();
    }

    internal static (Dictionary<string, string?> Data, List<string> Errors) ReadDirectory(string directory)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        var files = System.IO.Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var parsed = new ConfigurationBuilder().AddJsonStream(stream).Build();
                foreach (var (key, value) in parsed.AsEnumerable())
                {
                    if (value is not null)
                    {
                        data[key] = value;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                errors.Add($"Config file '{Path.GetFileName(file)}' could not be read: {Innermost(ex).Message}");
            }
        }

        return (data, errors);
    }

    private void ScheduleReload()
    {
        var generation = Interlocked.Increment(ref _reloadGeneration);
        _ = Task.Delay(_debounceDelay).ContinueWith(
            _ => ReloadIfLatest(generation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void ReloadIfLatest(int generation)
    {
        if (generation != Volatile.Read(ref _reloadGeneration))
        {
            return;
        }

        lock (_reloadLock)
        {
            var (data, errors) = ReadDirectory(_source.Directory);
            if (errors.Count > 0)
            {
                _source.Monitor.ReportRejected(ConfigReloadStage.Files, errors);
                return;
            }

            Data = data;
            _source.Monitor.ReportApplied(ConfigReloadStage.Files);
        }

        OnReload();
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
