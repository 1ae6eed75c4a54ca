using TypingGateway.Bench;
using TypingGateway.Bench.Hosting;

// `baseline`: the bare YARP proxy the gateway is compared with (started by the tool itself).
// Otherwise: the benchmark run (see bench/README.md).
if (args.Length > 0 && args[0] == BaselineProxy.Command)
{
    await BaselineProxy.RunAsync(args[1..]);
    return 0;
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(BenchSettings.Usage);
    return 2;
}

if (settings.ShowHelp)
{
    Console.WriteLine(BenchSettings.Usage);
    return 0;
}

return await BenchRunner.RunAsync(settings);
