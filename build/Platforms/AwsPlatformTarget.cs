using System.Net.Security;
using Amazon.CloudFormation;
using BuildCore;
using Platform.Build.Aws;
using Platform.Build.Deploy;
using Platform.Build.Deploy.Evidence;
using Platform.Build.Local.Images;
using Platform.Build.Local.Registry;
using Platform.Build.Local.Smoke;
using Spectre.Console;

partial class Build
{
    /// <summary>
    /// dev, staging, prod: one CloudFormation stack, images in its ECR repositories, services on ECS Fargate. A first deploy
    /// runs in two phases whichever targets run (docs/design/two-phase-first-deploy.md): the stack without services, the signing key,
    /// the images, then the services.
    /// </summary>
    sealed class AwsPlatformTarget(Build build) : IPlatformTarget
    {
        IReadOnlyDictionary<string, string>? _stackParameters;

        /// <summary>The images this run deploys, by digest (resolved once their tag is known to be in the registry).</summary>
        IReadOnlyList<PinnedImage> _pinned = [];

        IAnsiConsole Output => build.Output;

        public void CheckInputs()
        {
            _stackParameters = build.DeployInputs.Check();
            build.CheckAllowReplace();
            build.CheckTemplateBucket();
            _ = build.Template;
        }

        public async Task CheckInputsRemotelyAsync(CancellationToken cancellationToken)
        {
            if (build.AcmCertificateArn is not { Length: > 0 } arn)
                return;
            await build.WithAwsAsync(async aws =>
            {
                // Without credentials the deploy itself will say so; the pre-flight asks ACM only when it can.
                if (!await aws.HasCredentialsAsync())
                    return;
                using var acm = aws.CreateCertificateManager();
                await new CertificateCheck(acm, TimeProvider.System).CheckAsync(arn, cancellationToken);
            });
        }

        public Task ValidateAsync(CancellationToken cancellationToken) => new TemplateValidation(build).RunAsync(cancellationToken);

        public async Task PushAsync(CancellationToken cancellationToken)
        {
            if (build.ChangeSetOnly)
            {
                Output.WriteLine("--change-set-only: nothing is pushed and no stack is touched; DeployStack prints the change set and stops.");
                return;
            }
            var tag = await build.ImageTagAsync(cancellationToken);
            await build.WithAwsAsync(async aws =>
            {
                try
                {
                    await EnsurePhaseOneAsync(aws, tag, cancellationToken);
                }
                finally
                {
                    await build.FinishDeployTimingsAsync(nameof(Push), aws, cancellationToken);
                }
                var registry = await build.RegistryForAwsAsync(aws, cancellationToken);
                var credentials = await LoginAsync(aws, registry, cancellationToken);
                await TranslatePlatformErrors(() => new ImagePublisher(build.Docker, build.Log, build.RegistryHandler)
                    .PublishAsync(build.RootDirectory, build.ImagePrefix, $"{registry}/{build.Env}/", tag, credentials, cancellationToken));
                Output.WriteLine($"Pushed {ServiceImages.Services.Count} images with tag {tag} to {registry}/{build.Env}/.");
                _pinned = await TranslatePlatformErrorsAsync(() => new ImageDigestResolver(build.Log, build.RegistryHandler).ResolveAsync($"{registry}/{build.Env}/", tag, credentials, cancellationToken));
                ReleaseRecord.Write(build.ImagesRecordFile, ImageDigestResolver.ToJson(_pinned));
                Output.WriteLine($"Image digests recorded in {Path.GetRelativePath(build.RootDirectory, build.ImagesRecordFile)}.");
            });
        }

        public async Task DeployAsync(CancellationToken cancellationToken)
        {
            var tag = await build.ImageTagAsync(cancellationToken);
            await build.WithAwsAsync(async aws =>
            {
                await build.LoadDeployHistoryAsync(aws, cancellationToken);
                try
                {
                    if (build.ChangeSetOnly)
                    {
                        await PlanOnlyAsync(aws, tag, cancellationToken);
                        return;
                    }
                    await EnsurePhaseOneAsync(aws, tag, cancellationToken);
                    await RequireImagesAsync(aws, tag, cancellationToken);
                    await DeployPinnedAsync(aws, tag, cancellationToken);
                }
                finally
                {
                    await build.FinishDeployTimingsAsync(nameof(DeployStack), aws, cancellationToken);
                }
            });
        }

        /// <summary>
        /// Promote: the images <paramref name="from"/> runs, by digest, into this environment's repositories (copied there when
        /// absent, keeping their digest), then the stack with those digests. Nothing is built or pushed.
        /// </summary>
        public async Task PromoteAsync(string from, CancellationToken cancellationToken)
        {
            await build.WithAwsAsync(async aws =>
            {
                if (Build.IsReleaseRecord(from))
                {
                    _pinned = ReleaseRecord.ReadImages(from);
                    _promotedTag = _pinned[0].Tagged.Contains('@', StringComparison.Ordinal) ? null : _pinned[0].Tagged[(_pinned[0].Tagged.LastIndexOf(':') + 1)..];
                }
                else
                {
                    _pinned = await Build.RunningImagesAsync(aws, from, cancellationToken);
                    _promotedTag = await SourceTagAsync(aws, from, cancellationToken);
                }
                var tag = build.Tag is { Length: > 0 } given ? given : _promotedTag ?? await build.ImageTagAsync(cancellationToken);
                Output.WriteLine($"Promoting {from} to {build.Env}: " + string.Join(", ", _pinned.Select(p => $"{p.Service} {p.Digest}")));
                await EnsurePhaseOneAsync(aws, tag, cancellationToken);
                var registry = await build.RegistryForAwsAsync(aws, cancellationToken);
                var credentials = await LoginAsync(aws, registry, cancellationToken);
                _pinned = await TranslatePlatformErrorsAsync(() => new ImagePromotion(build.Docker, build.Log, build.RegistryHandler)
                    .CopyAsync(_pinned, $"{registry}/{build.Env}/", tag, credentials, cancellationToken));
                await DeployPinnedAsync(aws, tag, cancellationToken);
                ReleaseRecord.Write(build.ReleaseRecordFile, ReleaseRecord.Create(build.ReleaseVersion ?? tag, await build.HeadCommitAsync(cancellationToken), build.TemplateFile, _pinned, from));
                Output.WriteLine($"Promoted {from} to {build.Env}: the task definitions run the same digests; nothing was built or pushed. " +
                    $"Release record: {Path.GetRelativePath(build.RootDirectory, build.ReleaseRecordFile)}.");
            });
        }

        string? _promotedTag;

        /// <summary>The tag the source stack names its images by, to label the copies alike; null when it cannot be read.</summary>
        async Task<string?> SourceTagAsync(AwsClientFactory aws, string from, CancellationToken cancellationToken)
        {
            using var cloudFormation = aws.CreateCloudFormation();
            try
            {
                var source = await Deployer(cloudFormation).DescribeAsync($"{from}-microservices-platform", cancellationToken);
                return source?.Parameters?.FirstOrDefault(p => p.ParameterKey == "AuthImageTag")?.ParameterValue;
            }
            catch (Amazon.Runtime.AmazonServiceException e) when (e.ErrorCode is "AccessDenied" or "AccessDeniedException")
            {
                return null;
            }
        }

        /// <summary>The stack with this deploy's images (by digest when Push or Promote recorded them), then the rollouts it started.</summary>
        async Task DeployPinnedAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
        {
            using var ecs = aws.CreateEcs();
            using var cloudFormation = aws.CreateCloudFormation();
            using var elb = aws.CreateElasticLoadBalancingV2();
            using var logs = aws.CreateCloudWatchLogs();
            var evidence = Evidence(cloudFormation, new ServiceEvidenceReader(ecs, elb, logs), build.EcsServiceNames);
            var rollout = new ServiceRollout(ecs, build.Log, build.Timing, evidence);
            var before = await rollout.PrimaryDeploymentsAsync(build.ClusterName, build.EcsServiceNames, cancellationToken);
            await Deployer(cloudFormation).DeployAsync(StackRequest(tag, servicesEnabled: true) with
            {
                WhenStackExists = async c => { await EnsureSigningKeyAsync(aws, c); await build.RunDatabaseRoleStepAsync(aws, tag, c); },
                TemplateUrl = await build.TemplateUrlAsync(aws, cancellationToken),
                Evidence = evidence,
            }, cancellationToken);
            await CheckNewDeploymentsAsync(rollout, before, cancellationToken);
        }

        public async Task RedeployAsync(CancellationToken cancellationToken)
        {
            if (build.ChangeSetOnly)
            {
                Output.WriteLine("--change-set-only: nothing was deployed, so nothing is redeployed.");
                return;
            }
            await build.WithAwsAsync(async aws =>
            {
                using var ecs = aws.CreateEcs();
                using var cloudFormation = aws.CreateCloudFormation();
                using var elb = aws.CreateElasticLoadBalancingV2();
                using var logs = aws.CreateCloudWatchLogs();
                var rollout = new ServiceRollout(ecs, build.Log, build.Timing, Evidence(cloudFormation, new ServiceEvidenceReader(ecs, elb, logs), build.EcsServiceNames));
                var current = await rollout.PrimaryDeploymentsAsync(build.ClusterName, build.EcsServiceNames, cancellationToken);
                var missing = build.EcsServiceNames.Where(s => !current.ContainsKey(s)).ToList();
                if (missing.Count > 0)
                    throw new BuildException(MissingServicesMessage(current.Count == 0, missing));
                var toRoll = new List<string>();
                foreach (var service in build.EcsServiceNames)
                {
                    if (!build.Force && build.Rollouts.CurrentFromThisRun(service, current[service].DeploymentId) is { } taskDefinition)
                        Output.WriteLine($"{service}: already on {taskDefinition} from this run");
                    else
                        toRoll.Add(service);
                }
                if (toRoll.Count == 0)
                    return;
                try
                {
                    await rollout.ForceNewDeploymentAsync(build.ClusterName, toRoll, cancellationToken);
                }
                finally
                {
                    await build.FinishDeployTimingsAsync(nameof(ForceRedeploy), aws, cancellationToken);
                }
            });
        }

        public async Task SmokeTestAsync(CancellationToken cancellationToken)
        {
            var (baseUrl, fromAlb) = await SmokeBaseUrlAsync(cancellationToken);
            Output.WriteLine($"Smoke test against {baseUrl}");
            using var handler = new SocketsHttpHandler();
            if (fromAlb)
            {
                // The certificate names your domain, not the ALB's generated name: accept exactly that mismatch, nothing else.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, errors) =>
                    errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateNameMismatch;
            }
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            await TranslatePlatformErrors(async () =>
            {
                var report = await new HealthSmokeTest(http, build.Log).RunAsync(baseUrl, TimeSpan.FromSeconds(build.SmokeTestBudgetSeconds), cancellationToken);
                report.EnsureSuccess();
                await build.RunEndToEndFlowAsync(http, baseUrl, cancellationToken);
            });
        }

        StackDeployer Deployer(IAmazonCloudFormation cloudFormation) => new(cloudFormation, build.Log, build.Timing);

        /// <summary>Where a failed operation's evidence goes: artifacts/deploy-failure-&lt;stack&gt;-&lt;UTC time&gt;/.</summary>
        FailureEvidence Evidence(IAmazonCloudFormation cloudFormation, ServiceEvidenceReader reader, IReadOnlyList<string> services) =>
            new(cloudFormation, reader, build.Log, build.ArtifactsDirectory, build.ResolvedStackName, build.ClusterName, services, TimeProvider.System);

        /// <summary>
        /// The stack holds the ECR repositories, so on a first deploy it must exist before anything is pushed: phase 1 creates it
        /// without the ECS services (ServicesEnabled=false) and stores the signing key; the services come once the images are there.
        /// </summary>
        async Task EnsurePhaseOneAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
        {
            using var cloudFormation = aws.CreateCloudFormation();
            var deployer = Deployer(cloudFormation);
            var stack = await deployer.PrepareAsync(build.ResolvedStackName, build.RecreateFailedStack, cancellationToken);
            if (stack is not null && stack.StackStatus != Amazon.CloudFormation.StackStatus.REVIEW_IN_PROGRESS)
                return;

            Output.WriteLine(
                $"First deploy of stack {build.ResolvedStackName}: phase 1 creates it with ServicesEnabled=false (network, load balancer, " +
                "database, queue, ECR repositories; no ECS services) and stores auth-service's JWT signing key; then the images must be " +
                "in ECR, and phase 2 turns the services on.");
            // Phase 1 has no services: a failure's evidence is the stack's events and failed resources.
            using var ecs = aws.CreateEcs();
            using var elb = aws.CreateElasticLoadBalancingV2();
            using var logs = aws.CreateCloudWatchLogs();
            await deployer.DeployAsync(StackRequest(tag, servicesEnabled: false) with
            {
                WhenStackExists = c => EnsureSigningKeyAsync(aws, c),
                TemplateUrl = await build.TemplateUrlAsync(aws, cancellationToken),
                Evidence = Evidence(cloudFormation, new ServiceEvidenceReader(ecs, elb, logs), []),
            }, cancellationToken);
        }

        /// <summary>--change-set-only: the change set the next deploy would execute (phase 1's on a new stack), and nothing else.</summary>
        async Task PlanOnlyAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
        {
            using var cloudFormation = aws.CreateCloudFormation();
            var stack = await Deployer(cloudFormation).DescribeAsync(build.ResolvedStackName, cancellationToken);
            var exists = stack is not null && stack.StackStatus != Amazon.CloudFormation.StackStatus.REVIEW_IN_PROGRESS;
            if (!exists)
                Output.WriteLine($"Stack {build.ResolvedStackName} does not exist: this is phase 1's change set (no ECS services); phase 2 follows once the images are pushed.");
            // The plan names the images as a deploy would: by digest when they are all in the registry.
            else if ((await PinImagesAsync(aws, tag, cancellationToken)).Missing.Count > 0)
                Output.WriteLine($"Not every image of tag {tag} is in the registry yet: this change set names the images by tag; a deploy pushes them first and pins them by digest.");
            var result = await Deployer(cloudFormation).DeployAsync(StackRequest(tag, servicesEnabled: exists) with { WhenStackExists = c => EnsureSigningKeyAsync(aws, c), TemplateUrl = await build.TemplateUrlAsync(aws, cancellationToken) }, cancellationToken);
            build.StopIfRisky(result);
        }

        async Task RequireImagesAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
        {
            var (registry, missing) = await PinImagesAsync(aws, tag, cancellationToken);
            if (missing.Count == 0)
                return;
            using var ecs = aws.CreateEcs();
            var services = await new ServiceRollout(ecs, build.Log, build.Timing).PrimaryDeploymentsAsync(build.ClusterName, build.EcsServiceNames, cancellationToken);
            throw new BuildException(
                $"Images for tag {tag} are not in {registry}/{build.Env}/ for linux/amd64:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", missing) +
                Environment.NewLine + (services.Count == 0
                    ? $"Stack {build.ResolvedStackName} exists without its ECS services (phase 1); no service was created. "
                    : $"No ECS service was changed; they keep running their current images. ") +
                $"Run ./build.sh DeployStack --env {build.Env} without --skip (it builds and pushes them first), or push them: ./build.sh Push --env {build.Env} --tag {tag}.");
        }

        async Task<RegistryCredentials> LoginAsync(AwsClientFactory aws, string registry, CancellationToken cancellationToken)
        {
            using var ecr = aws.CreateEcr();
            var login = await EcrLogin.GetAsync(ecr, registry, cancellationToken);
            build.AddSecret(login.Password);
            return new RegistryCredentials(login.Registry, login.User, login.Password);
        }

        /// <summary>The deployments the stack operation started (CloudFormation waited for them); ForceRedeploy leaves these alone.</summary>
        async Task CheckNewDeploymentsAsync(ServiceRollout rollout, IReadOnlyDictionary<string, (string DeploymentId, string TaskDefinition)> before, CancellationToken cancellationToken)
        {
            var after = await rollout.PrimaryDeploymentsAsync(build.ClusterName, build.EcsServiceNames, cancellationToken);
            var started = after.Where(a => !before.TryGetValue(a.Key, out var b) || b.DeploymentId != a.Value.DeploymentId).ToList();
            if (started.Count == 0)
                return;
            if (before.Count == 0)
                Output.WriteLine("Phase 2 done: the ECS services exist now.");
            Output.WriteLine($"Checking the rollouts this deploy started: {string.Join(", ", started.Select(s => s.Key))}.");
            await rollout.WaitForDeploymentsAsync(build.ClusterName, started.ToDictionary(s => s.Key, s => s.Value.DeploymentId, StringComparer.Ordinal), cancellationToken);
            foreach (var (service, deployment) in started)
                build.Rollouts.Record(service, deployment.DeploymentId, deployment.TaskDefinition);
        }

        /// <summary>
        /// CloudFormation cannot make an RSA key, so the stack's secret starts as a placeholder: store a real key there once
        /// (never replacing a usable one) before any task of auth-service can start.
        /// </summary>
        async Task EnsureSigningKeyAsync(AwsClientFactory aws, CancellationToken cancellationToken)
        {
            using var secrets = aws.CreateSecretsManager();
            await new SigningKeyBootstrap(secrets, build.Log, build.AddSecret, build.NewSigningKeyPem)
                .EnsureAsync(SigningKeyBootstrap.SecretName(build.Env!), build.ResolvedStackName, build.ChangeSetOnly, cancellationToken);
        }

        /// <summary>
        /// Checks that every image of the tag is in the registry and, when all are, pins them by digest (what was checked is
        /// what runs, even if the tag moves later). Returns the registry and the images that are missing.
        /// </summary>
        async Task<(string Registry, IReadOnlyList<string> Missing)> PinImagesAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
        {
            var registry = await build.RegistryForAwsAsync(aws, cancellationToken);
            var credentials = await LoginAsync(aws, registry, cancellationToken);
            var images = ServiceImages.Services.Select(s => ServiceImages.Reference($"{registry}/{build.Env}/", s, tag)).ToList();
            var missing = await TranslatePlatformErrorsAsync(() => new ImageAvailability(build.Log, build.RegistryHandler).MissingAsync(images, credentials, cancellationToken));
            // This run's Push read the digests already.
            if (missing.Count == 0 && !(_pinned.Count == ServiceImages.Services.Count && _pinned.All(p => p.Tagged.EndsWith($":{tag}", StringComparison.Ordinal))))
                _pinned = await TranslatePlatformErrorsAsync(() => new ImageDigestResolver(build.Log, build.RegistryHandler).ResolveAsync($"{registry}/{build.Env}/", tag, credentials, cancellationToken));
            return (registry, missing);
        }

        StackDeployRequest StackRequest(string tag, bool servicesEnabled)
        {
            var parameters = new Dictionary<string, string>(_stackParameters ?? build.DeployInputs.Check(), StringComparer.Ordinal)
            {
                ["EnvironmentName"] = build.Env!,
                ["AcmCertificateArn"] = build.AcmCertificateArn!,
                ["ServicesEnabled"] = servicesEnabled ? "true" : "false",
            };
            foreach (var key in DeployInputs.SetByBuild.Where(k => k.EndsWith("ImageTag", StringComparison.Ordinal)))
                parameters[key] = tag;
            // Always set: a digest left to UsePreviousValue would pin the previous image whatever the tag says.
            foreach (var service in ServiceImages.Services)
                parameters[ImageDigestResolver.DigestParameter(service)] = _pinned.FirstOrDefault(p => p.Service == service)?.Digest ?? "";
            return new StackDeployRequest
            {
                StackName = build.ResolvedStackName,
                Template = build.Template,
                Parameters = parameters,
                ChangeSetLabel = tag,
                ChangeSetOnly = build.ChangeSetOnly,
                RecreateFailedStack = build.RecreateFailedStack,
                RoleArn = build.CloudFormationRoleArn is { Length: > 0 } role ? role : null,
                AllowReplace = build.AllowedReplacements,
                ReportFile = build.ChangeSetReportFile,
                StepSummaryFile = build.EnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary ? summary : null,
            };
        }

        string MissingServicesMessage(bool noCluster, IReadOnlyList<string> missing) => noCluster
            ? $"ECS cluster {build.ClusterName} has no services in {build.Region}: stack {build.ResolvedStackName} is not deployed, or is still in phase 1 " +
              $"(no ECS services). Run ./build.sh DeployStack --env {build.Env} first, or check --env, --region and --stack-name."
            : $"ECS cluster {build.ClusterName} lacks {string.Join(", ", missing)}: run ./build.sh DeployStack --env {build.Env} to create them.";

        async Task<(Uri Url, bool FromAlb)> SmokeBaseUrlAsync(CancellationToken cancellationToken)
        {
            if (build.BaseUrl is { Length: > 0 } url)
                return (new Uri(url.EndsWith('/') ? url : url + "/"), false);

            string? dns = null;
            await build.WithAwsAsync(async aws =>
            {
                using var cloudFormation = aws.CreateCloudFormation();
                var stack = await Deployer(cloudFormation).DescribeAsync(build.ResolvedStackName, cancellationToken)
                    ?? throw new BuildException($"Stack {build.ResolvedStackName} does not exist: deploy it first, or pass --base-url.");
                dns = StackDeployer.OutputsOf(stack).GetValueOrDefault("AlbDnsName");
            });
            return dns is { Length: > 0 }
                ? (new Uri($"https://{dns}/"), true)
                : throw new BuildException($"Stack {build.ResolvedStackName} has no AlbDnsName output: pass --base-url.");
        }
    }
}
