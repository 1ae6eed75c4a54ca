using TypingGateway.Simulator;

SimulatorApplication.Create(args).Run();
