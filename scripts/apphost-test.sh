#!/usr/bin/env bash
# The AppHost test (tests/Hongbao.AppHost.Tests, Category=AppHost): starts the whole Aspire graph of src/AppHost
# (PostgreSQL from the installed binaries, 3 silos, 2 API nodes), creates an envelope on one API node, grabs it on
# the other until it settles, and checks the money. It is explicit, so plain `dotnet test` skips it; it takes a
# few minutes on two cores (see docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Hongbao.AppHost.Tests -nologo -v q
dotnet test tests/Hongbao.AppHost.Tests --no-build --filter "Category=AppHost" --logger "console;verbosity=detailed" -- xUnit.Explicit=only
