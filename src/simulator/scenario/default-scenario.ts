/**
 * The built-in scenario of `aztm simulate`, as YAML so that `aztm simulate --print-scenario`
 * gives users a commented file to start their own from. It follows the seed: the "Scan Pre Prod"
 * release (id 13) and the "Should Run" / "Please Fail" / "Shouldnt Be Triggered" pipelines, plus
 * what the flow-file example calls (deploy-gateway 42, Regression\nightly, notify, Platform 7).
 * String.raw keeps the folder backslashes (`\infra`) as they are.
 */
export const DEFAULT_SCENARIO_YAML = String.raw`# The built-in scenario of "aztm simulate": a simulated Azure DevOps organization.
#
#   aztm simulate --print-scenario > my-scenario.yaml    # start from this file
#   aztm simulate --scenario my-scenario.yaml            # serve your edited copy
#
# The format is described by schemas/scenario.schema.json (point your editor at it for completion).
# Durations are simulated time: "30s", "2m", "1h30m", "500ms", or a number of seconds. The demo runs
# the clock faster than real time (--speed), so these minutes pass in seconds.

organization: contoso            # the first URL segment: http://127.0.0.1:PORT/contoso
mode: services                   # services: like dev.azure.com; server: like Azure DevOps Server 2022
seed: 1                          # seeds every generated GUID: ids are the same on every start
startTime: 2026-01-01T09:00:00Z  # where the simulated clock starts

# Credentials the simulator accepts. These are demo credentials of the simulator, published on
# purpose: they only open this local server, never a real organization. The first token is the one
# "aztm simulate" prints.
tokens:
  # A full-scope personal access token, sent as HTTP Basic with any user name.
  - name: admin
    pat: ozdtop3zsyec5mdvi6n2tbhz4g7esglgvpsv24qak6gfbem3ztbq
    user: Ada Admin
    userId: ada@contoso.com
  # What $(System.AccessToken) is inside a pipeline job: a bearer token of the build service.
  - name: job
    bearer: eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJuYW1laWQiOiJhenRtLXNpbXVsYXRvci1qb2IiLCJzY3AiOiJhcHBfdG9rZW4iLCJhdWQiOiJhcHAudnN0b2tlbi52aXN1YWxzdHVkaW8uY29tIiwiaXNzIjoiYXBwLnZzdG9rZW4udmlzdWFsc3R1ZGlvLmNvbSJ9.ZGVtbyBzaWduYXR1cmUgb2YgdGhlIGF6dG0gc2ltdWxhdG9yOiBub3QgYSByZWFsIHRva2Vu
    user: Project Collection Build Service (contoso)
    userId: build@contoso
  # Reads builds and releases, but cannot queue, run or approve anything.
  - name: reader
    pat: jrcus7h6lzrvo7g3j23mvjp3qjqmporr7bavuwpvupeicycvgbls
    user: Rita Reader
    userId: rita@contoso.com
    scopes: [vso.build, vso.release]
  # A job token that was not given access to any repository: running a YAML pipeline with it fails
  # with TF401019, as the seed's note on $(System.AccessToken) describes.
  - name: no-repo
    bearer: eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJuYW1laWQiOiJhenRtLXNpbXVsYXRvci1uby1yZXBvIiwic2NwIjoiYXBwX3Rva2VuIiwiYXVkIjoiYXBwLnZzdG9rZW4udmlzdWFsc3R1ZGlvLmNvbSIsImlzcyI6ImFwcC52c3Rva2VuLnZpc3VhbHN0dWRpby5jb20ifQ.ZGVtbyBzaWduYXR1cmUgb2YgdGhlIGF6dG0gc2ltdWxhdG9yOiBub3QgYSByZWFsIHRva2Vu
    user: Restricted Build Service (contoso)
    userId: restricted-build@contoso
    repositories: []

projects:
  - name: DevOps
    # YAML pipelines. A pipeline's id is also its build definition id; a run id is a build id.
    pipelines:
      - id: 42
        name: deploy-gateway
        folder: \infra
        parameters:
          env: { default: dev, values: [dev, staging, prod] }   # templateParameters: { env: prod }
        variables:
          imageTag: { value: latest, settable: true }           # settable at queue time
        run:
          stages:
            - name: Build
              displayName: Build gateway image
              tasks:
                - { name: Checkout, duration: 5s }
                - name: docker build
                  duration: 40s
                  log: |
                    Step 1/6 : FROM mcr.microsoft.com/dotnet/aspnet:8.0
                    Successfully built 3f2c9a1e7b04
                - { name: docker push, duration: 15s, log: [Pushed contoso.azurecr.io/gateway] }
            - name: Deploy                                       # after Build (the previous stage)
              displayName: Deploy gateway
              tasks:
                - name: helm upgrade
                  duration: 45s
                  log: [Release "gateway" has been upgraded. Happy Helming!]

      # The jobs of the seed's example pipeline, each as a pipeline of its own.
      - id: 43
        name: Should Run
        run: { duration: 20s, log: [I should run] }
      - id: 44
        name: Please Fail
        run:
          duration: 15s
          result: failed
          log:
            - exit(1)
            - "##[error]Bash exited with code '1'."
      - id: 45
        name: Shouldnt Be Triggered
        run: { duration: 20s, log: [I shouldn't run] }

      # Waits for a person: the Production stage's approval stays pending until it is answered
      # through the approvals API (or the simulator's admin API).
      - id: 46
        name: deploy-production
        run:
          stages:
            - { name: Build, duration: 30s }
            - name: Production
              approval:
                approvers: [Release Managers]
                instructions: Check the staging dashboards before approving.
                outcome: pending
              duration: 1m
              log: [Deployed to production]
      - id: 47
        name: notify
        run: { duration: 5s, log: ['Notification sent to #deployments'] }

      # Ends partially succeeded: one task succeeds with issues.
      - id: 48
        name: smoke-tests
        run:
          tasks:
            - { name: Run smoke tests, duration: 40s, log: [12 passed, 0 failed] }
            - name: Check response times
              duration: 10s
              result: succeededWithIssues
              log: ['##[warning]p95 latency 820 ms is above the 500 ms budget']

    # Classic build definitions share the id space of the pipelines above.
    buildDefinitions:
      - id: 7
        name: nightly
        path: \Regression                                        # the flow file's 'Regression\nightly'
        variables:
          suite: { value: smoke, settable: true }                # variables: { suite: full }
        run:
          jobs:
            - name: Regression
              displayName: Run regression suite
              tasks:
                - { name: Restore packages, duration: 15s }
                - name: Run tests
                  duration: 1m30s
                  log: [Running the regression suite, 184 passed, 0 failed]

    releaseDefinitions:
      - id: 13
        name: Scan Pre Prod
        variables:
          tier: { value: pre, settable: true }                   # settable at release time
        artifacts:
          # Builds of "nightly"; a release that names no version gets the default one.
          - alias: app
            definition: { id: 7, name: nightly }
            defaultVersion: { id: "1204", name: "20261126.4" }
            versions:
              - { id: "1198", name: "20261124.2" }
              - { id: "1201", name: "20261125.1" }
              - { id: "1204", name: "20261126.4" }
        stages:
          - name: Scan                                           # deploys when a release is created
            tasks:
              - { name: Download artifacts, duration: 10s }
              - name: Run scanner
                duration: 50s
                log: [Scanning app 20261126.4, No critical findings]
          - name: Report                                         # after Scan (the previous stage)
            duration: 20s
            log: [Report published]

      # The whole infrastructure, stage by stage; Production waits for a release manager.
      - id: 14
        name: Infrastructure
        path: \infra
        artifacts:
          - alias: app
            definition: { id: 7, name: nightly }
            defaultVersion: { id: "1204", name: "20261126.4" }
        stages:
          - { name: Dev, duration: 40s, log: [Deployed to dev] }
          - { name: Staging, duration: 40s, log: [Deployed to staging] }
          - name: Production
            approval:
              approvers: [Release Managers]
              instructions: Production changes need a release manager.
              outcome: pending
            duration: 1m
            log: [Deployed to production]

  # A second project, for flows that span projects.
  - name: Platform
    pipelines:
      - id: 7
        name: platform-release
        run: { duration: 45s, log: [Platform released] }

# Faults to inject from the start, for example:
# faults:
#   - { kind: throttle, method: GET, path: /_apis/build/builds, skip: 3, count: 2, retryAfter: 5 }
faults: []
`;
