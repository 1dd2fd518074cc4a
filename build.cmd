@echo off
rem Bootstrap, as Nuke's build.cmd/build.ps1: find or install the SDK global.json asks for, then run build\_build.csproj.
setlocal
cd /d "%~dp0"
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
set DOTNET_MULTILEVEL_LOOKUP=0
set "TEMP_DIRECTORY=%~dp0.nuke\temp"
if not exist "%TEMP_DIRECTORY%" mkdir "%TEMP_DIRECTORY%"

rem global.json pins x.y.zzz with rollForward latestFeature: any installed x.y.ZZZ with ZZZ >= zzz will do; otherwise install into .nuke\temp\dotnet.
set "FIND_SDK=$r=(Get-Content global.json -Raw|ConvertFrom-Json).sdk.version; $p=$r.Substring(0,$r.LastIndexOf('.')); $b=[int]$r.Substring($r.LastIndexOf('.')+1);"
set "FIND_SDK=%FIND_SDK% function ok($d){ if(-not (Get-Command $d -ErrorAction SilentlyContinue)){return $false}; foreach($l in & $d --list-sdks){ $v=($l -split ' ')[0] -replace '-.*',''; if($v.Substring(0,$v.LastIndexOf('.')) -eq $p -and [int]$v.Substring($v.LastIndexOf('.')+1) -ge $b){return $true} }; return $false };"
set "FIND_SDK=%FIND_SDK% if(ok 'dotnet'){ (Get-Command dotnet).Source; exit 0 }; $dir=Join-Path $env:TEMP_DIRECTORY 'dotnet'; $exe=Join-Path $dir 'dotnet.exe';"
set "FIND_SDK=%FIND_SDK% if(-not (ok $exe)){ [Console]::Error.WriteLine('Installing .NET SDK '+$p+' into '+$dir); $s=Join-Path $env:TEMP_DIRECTORY 'dotnet-install.ps1'; Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $s -UseBasicParsing; & $s -InstallDir $dir -Channel $p -NoPath | Out-Null }; $exe"
for /f "usebackq delims=" %%i in (`powershell -NoProfile -ExecutionPolicy Bypass -Command "%FIND_SDK%"`) do set "DOTNET_EXE=%%i"
if not defined DOTNET_EXE (
  echo Could not find or install the .NET SDK global.json asks for. 1>&2
  exit /b 1
)

"%DOTNET_EXE%" build "%~dp0build\_build.csproj" -nologo -verbosity:quiet -clp:NoSummary -o "%TEMP_DIRECTORY%\build-bin" > "%TEMP_DIRECTORY%\build.log" 2>&1
if errorlevel 1 (
  type "%TEMP_DIRECTORY%\build.log"
  echo The build project does not compile ^(see above^). 1>&2
  exit /b 1
)
"%DOTNET_EXE%" "%TEMP_DIRECTORY%\build-bin\_build.dll" %*
exit /b %ERRORLEVEL%
