using Microsoft.Extensions.Options;
using TypingGateway.Configuration;

namespace TypingGateway.Tests.Configuration;

public sealed class ConfigErrorsTests
{
    [Fact]
    public void Flatten_YarpShapedTree_ReturnsEveryLeafSentence()
    {
        // The shape YARP produces: load failure > aggregate > per-route wrapper > filter exception.
        var tree = new InvalidOperationException(
            "Unable to load or apply the proxy configuration.",
            new AggregateException(
                "The proxy config is invalid.",
                new Exception("An exception was thrown from the configuration callbacks for route 'r1'.", new GatewayConfigurationException(["a", "b"])),
                new ArgumentException("No address found for destination 'd1' on cluster 'c1'.")));

        Assert.Equal(["a", "b", "No address found for destination 'd1' on cluster 'c1'."], ConfigErrors.Flatten(tree));
    }

    [Fact]
    public void Flatten_OptionsValidationException_ReturnsEachFailure()
    {
        var ex = new OptionsValidationException("Redis", typeof(object), ["first", "second"]);

        Assert.Equal(["first", "second"], ConfigErrors.Flatten(new AggregateException(ex)));
    }

    [Fact]
    public void GatewayConfigurationException_Message_ListsAllErrors()
    {
        var ex = new GatewayConfigurationException(["one", "two"]);

        Assert.Equal($"The gateway configuration is invalid (2 errors):{Environment.NewLine}  - one{Environment.NewLine}  - two", ex.Message);
        Assert.Equal("The gateway configuration is invalid: only", new GatewayConfigurationException(["only"]).Message);
    }
}
