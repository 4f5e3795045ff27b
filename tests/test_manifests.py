"""Dependency manifest readers: every declared package, located where its name starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.facts import Dependency, FileFacts
from policylint.readers import ReadOptions, read_bytes
from policylint.readers.manifests import (
    ManifestError,
    ManifestReader,
    manifest_reader,
    read_gradle,
    read_manifest,
    read_package_json,
    read_package_swift,
    read_podfile,
    read_pubspec,
    read_pyproject,
    read_requirements,
)
from policylint.yamlnode import SourceError

DATA = Path(__file__).parent / "data" / "manifests"


def read(relative: str) -> FileFacts:
    path = DATA / relative
    reader = manifest_reader(relative)
    assert reader is not None, relative
    facts = reader(relative, path.read_text(encoding="utf-8"))
    assert facts.path == relative
    assert facts.kind == "manifest"
    assert facts.problems == []
    return facts


def dependencies(facts: FileFacts) -> list[Dependency]:
    found = [fact for fact in facts.facts if isinstance(fact, Dependency)]
    assert len(found) == len(facts.facts)
    return found


def positions(facts: FileFacts) -> list[tuple[str, int, int]]:
    return [(d.name, d.location.line, d.location.column) for d in dependencies(facts)]


# --- each format on a real-shaped file ------------------------------------------------------

EXPECTED: dict[str, list[tuple[str, int, int]]] = {
    "react-web/package.json": [
        ("@reduxjs/toolkit", 11, 6),
        ("react", 12, 6),
        ("react-dom", 13, 6),
        ("react-ga4", 14, 6),
        ("react-router-dom", 15, 6),
        ("mixpanel-browser", 16, 6),
        ("@testing-library/react", 19, 6),
        ("@types/mixpanel-browser", 20, 6),
        ("react-scripts", 21, 6),
    ],
    "react-native/package.json": [
        ("@react-native-async-storage/async-storage", 11, 6),
        ("@react-native-firebase/analytics", 12, 6),
        ("@react-native-firebase/app", 13, 6),
        ("@react-native-firebase/messaging", 14, 6),
        ("react", 15, 6),
        ("react-native", 16, 6),
        ("react-native-appsflyer", 17, 6),
        ("@babel/core", 20, 6),
        ("@react-native/eslint-config", 21, 6),
        ("typescript", 22, 6),
        ("react-native-fbsdk-next", 24, 25),
        ("react-native-google-mobile-ads", 26, 6),
    ],
    "python-requirements/requirements.txt": [
        ("Django", 7, 1),
        ("djangorestframework", 8, 1),
        ("celery", 9, 1),
        ("mixpanel", 10, 1),
        ("psycopg", 13, 1),
        ("segment-analytics-python", 14, 1),
        ("Sentry_SDK", 15, 3),
        ("posthog", 16, 1),
        ("pywin32", 17, 1),
        ("uvicorn", 23, 1),
    ],
    "python-pep621/pyproject.toml": [
        ("httpx", 14, 6),
        ("posthog", 15, 6),
        ("amplitude-analytics", 16, 6),
        ("pydantic", 17, 6),
        ("segment-analytics-python", 21, 13),
        ("pytest", 23, 4),
        ("mypy", 24, 4),
        ("ruff", 28, 10),
        ("types-requests", 29, 12),
    ],
    "python-poetry/pyproject.toml": [
        ("fastapi", 9, 1),
        ("mixpanel", 10, 1),
        ("segment-analytics-python", 11, 2),
        ("stripe", 12, 1),
        ("pytest", 15, 1),
        ("black", 16, 1),
        ("posthog", 22, 1),
    ],
    "android-groovy/build.gradle": [
        ("com.google.firebase:firebase-bom", 27, 30),
        ("com.google.firebase:firebase-analytics", 28, 21),
        ("com.google.firebase:firebase-messaging", 29, 21),
        ("androidx.appcompat:appcompat", 30, 21),
        ("com.appsflyer:af-android-sdk", 31, 21),
        ("com.adjust.sdk:adjust-android", 32, 28),
        ("com.google.dagger:hilt-compiler", 37, 11),
        ("junit:junit", 38, 25),
        ("androidx.test.espresso:espresso-core", 39, 32),
    ],
    "android-kotlin/build.gradle.kts": [
        ("com.google.firebase:firebase-bom", 18, 30),
        ("com.google.firebase:firebase-analytics-ktx", 19, 21),
        ("com.google.android.gms:play-services-ads", 20, 21),
        ("com.amplitude:analytics-android", 22, 21),
        ("com.squareup.leakcanary:leakcanary-android", 23, 26),
        ("com.mixpanel.android:mixpanel-android", 24, 29),
        ("io.branch.sdk.android:library", 26, 10),
        ("com.google.dagger:hilt-compiler", 28, 11),
    ],
    "ios-cocoapods/Podfile": [
        ("FirebaseAnalytics", 8, 8),
        ("Firebase/Messaging", 9, 8),
        ("Mixpanel-swift", 10, 8),
        ("AppsFlyerFramework/Strict", 11, 8),
        ("Alamofire", 12, 8),
        ("GoogleUtilities", 13, 8),
        ("Firebase/Crashlytics", 15, 6),
        ("Firebase/AdMob", 16, 6),
        ("SnapKit", 19, 8),
        ("Quick", 23, 10),
    ],
    "ios-swiftpm/Package.swift": [
        ("https://github.com/firebase/firebase-ios-sdk.git", 11, 24),
        ("https://github.com/Alamofire/Alamofire", 12, 24),
        ("https://github.com/mixpanel/mixpanel-swift", 13, 42),
        ("firebase-ios-sdk/FirebaseAnalytics", 21, 33),
        ("firebase-ios-sdk/FirebaseFirestore", 22, 33),
        ("mixpanel-swift/Mixpanel", 23, 33),
    ],
    "flutter/pubspec.yaml": [
        ("flutter", 10, 3),
        ("cupertino_icons", 12, 3),
        ("firebase_core", 13, 3),
        ("firebase_analytics", 14, 3),
        ("appsflyer_sdk", 15, 4),
        ("provider", 16, 3),
        ("facebook_app_events", 17, 3),
        ("flutter_test", 22, 3),
        ("flutter_lints", 24, 3),
    ],
}

ECOSYSTEM = {
    "react-web/package.json": ("npm", "package.json"),
    "react-native/package.json": ("npm", "package.json"),
    "python-requirements/requirements.txt": ("pypi", "requirements"),
    "python-pep621/pyproject.toml": ("pypi", "pyproject"),
    "python-poetry/pyproject.toml": ("pypi", "pyproject"),
    "android-groovy/build.gradle": ("maven", "gradle"),
    "android-kotlin/build.gradle.kts": ("maven", "gradle"),
    "ios-cocoapods/Podfile": ("cocoapods", "podfile"),
    "ios-swiftpm/Package.swift": ("swift", "swiftpm"),
    "flutter/pubspec.yaml": ("pub", "pubspec.yaml"),
}


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_every_declared_package_at_the_start_of_its_name(relative: str) -> None:
    assert positions(read(relative)) == EXPECTED[relative]


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_ecosystem_and_format(relative: str) -> None:
    found = dependencies(read(relative))
    assert {(d.ecosystem, d.format) for d in found} == {ECOSYSTEM[relative]}


# What is written at the location of a name the reader composed.
WRITTEN = {
    "com.adjust.sdk:adjust-android": "com.adjust.sdk'",
    "com.mixpanel.android:mixpanel-android": 'com.mixpanel.android"',
    "Firebase/Crashlytics": "Crashlytics'",
    "Firebase/AdMob": "AdMob'",
    "firebase-ios-sdk/FirebaseAnalytics": 'FirebaseAnalytics"',
    "firebase-ios-sdk/FirebaseFirestore": 'FirebaseFirestore"',
    "mixpanel-swift/Mixpanel": 'Mixpanel"',
}


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_the_text_at_each_location_is_the_name(relative: str) -> None:
    lines = (DATA / relative).read_text(encoding="utf-8").split("\n")
    for dependency in dependencies(read(relative)):
        line, column = dependency.location.line, dependency.location.column
        written = lines[line - 1][column - 1 :]
        assert written.startswith(WRITTEN.get(dependency.name, dependency.name)), dependency


@pytest.mark.parametrize(
    ("relative", "name", "pointer"),
    [
        ("react-web/package.json", "react-ga4", "dependencies/react-ga4"),
        (
            "react-web/package.json",
            "@types/mixpanel-browser",
            "devDependencies/@types/mixpanel-browser",
        ),
        (
            "react-native/package.json",
            "react-native-fbsdk-next",
            "peerDependencies/react-native-fbsdk-next",
        ),
        ("python-requirements/requirements.txt", "mixpanel", "requirements/mixpanel"),
        ("python-pep621/pyproject.toml", "posthog", "pyproject/project.dependencies/posthog"),
        (
            "python-pep621/pyproject.toml",
            "segment-analytics-python",
            "pyproject/project.optional-dependencies.segment/segment-analytics-python",
        ),
        ("python-pep621/pyproject.toml", "ruff", "pyproject/dependency-groups.lint/ruff"),
        ("python-poetry/pyproject.toml", "mixpanel", "pyproject/tool.poetry.dependencies/mixpanel"),
        (
            "python-poetry/pyproject.toml",
            "posthog",
            "pyproject/tool.poetry.group.analytics.dependencies/posthog",
        ),
        (
            "android-groovy/build.gradle",
            "com.google.firebase:firebase-analytics",
            "gradle/com.google.firebase:firebase-analytics",
        ),
        ("ios-cocoapods/Podfile", "Firebase/AdMob", "podfile/Firebase/AdMob"),
        (
            "ios-swiftpm/Package.swift",
            "firebase-ios-sdk/FirebaseAnalytics",
            "swiftpm/firebase-ios-sdk/FirebaseAnalytics",
        ),
        ("flutter/pubspec.yaml", "firebase_analytics", "dependencies/firebase_analytics"),
        ("flutter/pubspec.yaml", "flutter_lints", "dev_dependencies/flutter_lints"),
    ],
)
def test_pointers(relative: str, name: str, pointer: str) -> None:
    found = {d.name: d.location.pointer for d in dependencies(read(relative))}
    assert found[name] == pointer


def test_pointers_survive_line_shifts() -> None:
    text = (DATA / "react-web/package.json").read_text(encoding="utf-8")
    before = read_package_json("package.json", text)
    after = read_package_json("package.json", text.replace("{\n", "{\n\n\n", 1))
    assert [d.location.pointer for d in dependencies(before)] == [
        d.location.pointer for d in dependencies(after)
    ]
    assert [d.location.line + 2 for d in dependencies(before)] == [
        d.location.line for d in dependencies(after)
    ]


# --- choosing the reader --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "reader"),
    [
        ("package.json", read_package_json),
        ("web/package.json", read_package_json),
        ("requirements.txt", read_requirements),
        ("requirements-dev.txt", read_requirements),
        ("dev-requirements.txt", read_requirements),
        ("requirements.in", read_requirements),
        ("requirements/base.txt", read_requirements),
        ("requirements\\prod.in", read_requirements),
        ("pyproject.toml", read_pyproject),
        ("android/app/build.gradle", read_gradle),
        ("build.gradle.kts", read_gradle),
        ("ios/Podfile", read_podfile),
        ("Package.swift", read_package_swift),
        ("app/pubspec.yaml", read_pubspec),
        ("package-lock.json", None),
        ("notes.txt", None),
        ("MANIFEST.in", None),
        ("settings.gradle", None),
        ("podfile", None),
        ("Podfile.lock", None),
        ("pubspec.lock", None),
    ],
)
def test_manifest_reader(filename: str, reader: ManifestReader | None) -> None:
    assert manifest_reader(filename) is reader


def test_read_manifest_dispatches_on_the_file_name() -> None:
    text = '{"dependencies": {"react-ga4": "^2"}}'
    facts = read_manifest("web/package.json", text)
    assert positions(facts) == [("react-ga4", 1, 20)]
    with pytest.raises(ManifestError):
        read_manifest("notes.txt", "hello")


@pytest.mark.parametrize("name", ["package.json", "requirements.txt", "Podfile"])
def test_the_reader_registry_reads_manifests(name: str) -> None:
    text = {
        "package.json": '{"dependencies": {"react-ga4": "2"}}',
        "requirements.txt": "mixpanel==4.10\n",
        "Podfile": "pod 'Mixpanel'\n",
    }[name]
    facts = read_bytes(Path(name), name, text.encode(), ReadOptions())
    assert facts is not None and facts.kind == "manifest"
    assert len(facts.facts) == 1


def test_the_reader_registry_reports_a_broken_manifest_as_pl100() -> None:
    data = b'{\n  "dependencies": ["react"]\n}\n'
    facts = read_bytes(Path("package.json"), "web/package.json", data, ReadOptions())
    assert facts is not None and facts.facts == []
    assert [(p.code, p.location.line, p.location.column) for p in facts.problems] == [
        ("PL100", 2, 19)
    ]


# --- package.json ---------------------------------------------------------------------------


def test_package_json_with_tab_indentation() -> None:
    text = '{\n\t"name": "x",\n\t"dependencies": {\n\t\t"mixpanel-browser": "^2"\n\t}\n}\n'
    assert positions(read_package_json("package.json", text)) == [("mixpanel-browser", 4, 4)]


def test_package_json_lines_are_counted_at_line_feeds_only() -> None:
    text = '{\n  "description": "a\u2028b\x85c",\n  "dependencies": {"react-ga4": "2"}\n}\n'
    assert positions(read_package_json("package.json", text)) == [("react-ga4", 3, 21)]


def test_package_json_minified_and_null_section() -> None:
    text = '{"devDependencies":null,"dependencies":{"react":"18","posthog-js":"1"}}'
    assert positions(read_package_json("package.json", text)) == [
        ("react", 1, 42),
        ("posthog-js", 1, 55),
    ]


def test_package_json_ignores_other_sections() -> None:
    text = '{"bundledDependencies": ["react-ga4"], "overrides": {"react-ga4": "2"}}'
    assert positions(read_package_json("package.json", text)) == []


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('{\n  "dependencies": {\n    "react": "18",\n  }\n}\n', 4, 3, "JSON syntax error"),
        ('{\n  "dependencies": {\n    "react" "18"\n  }\n}\n', 3, 13, "delimiter"),
        ('{\n  "dependencies": {}\n}\n# comment\n', 4, 1, "JSON syntax error"),
        ('["react"]\n', 1, 1, "not an object"),
        ('{\n  "dependencies": ["react"]\n}\n', 2, 19, "`dependencies` is not an object"),
    ],
)
def test_package_json_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ManifestError) as caught:
        read_package_json("package.json", text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message


def test_manifest_error_is_a_value_error_and_a_source_error() -> None:
    error = ManifestError("bad", 3, 7)
    assert isinstance(error, ValueError)
    assert isinstance(error, SourceError)
    assert (str(error), error.message, error.line, error.column) == ("bad", "bad", 3, 7)


# --- pubspec.yaml ---------------------------------------------------------------------------


def test_pubspec_errors() -> None:
    with pytest.raises(ManifestError) as caught:
        read_pubspec("pubspec.yaml", "name: app\ndependencies:\n  a: 1\n b: 2\n")
    assert caught.value.line == 4
    with pytest.raises(ManifestError, match="not a mapping"):
        read_pubspec("pubspec.yaml", "name: app\ndependencies: [a, b]\n")


def test_pubspec_with_empty_sections() -> None:
    assert positions(read_pubspec("pubspec.yaml", "name: app\ndependencies:\n")) == []


# --- requirements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Windows line endings.
        ("mixpanel==4.10\r\nposthog\r\n", [("mixpanel", 1, 1), ("posthog", 2, 1)]),
        # A continued line names nothing more; a comment line ends the continuation.
        (
            "mixpanel==4.10 \\\n    --hash=sha256:00\nposthog\n",
            [("mixpanel", 1, 1), ("posthog", 3, 1)],
        ),
        ("# note \\\nposthog\n", [("posthog", 2, 1)]),
        # Legacy parenthesised versions, and a name followed by a comment.
        (
            "amplitude-analytics (>=1.0)\nmixpanel # events\n",
            [("amplitude-analytics", 1, 1), ("mixpanel", 2, 1)],
        ),
        # Options with arguments, paths, URLs and archives are no packages.
        ("--requirement base.txt\n-i https://example.com/simple\n.\nC:\\pkgs\\a.whl\n", []),
        ("dist/metrics-1.0.tar.gz\nmetrics-1.0-py3-none-any.whl\nhttp://x.org/a.zip\n", []),
        # Prose is not a requirement.
        ("You need Python 3.10 or later.\n", []),
        ("", []),
    ],
)
def test_requirements_lines(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert positions(read_requirements("requirements.txt", text)) == expected


# --- pyproject.toml -------------------------------------------------------------------------


def test_pyproject_inline_and_dotted_tables() -> None:
    text = (
        "[project]\n"
        'name = "x"\n'
        'optional-dependencies.events = ["mixpanel"]\n'
        'dependencies = [ "posthog" ]\n'
        "\n"
        "[tool.poetry.group.dev]\n"
        'dependencies = { pytest = "^8", "segment-analytics-python" = "^2" }\n'
    )
    assert positions(read_pyproject("pyproject.toml", text)) == [
        ("posthog", 4, 19),
        ("mixpanel", 3, 34),
        ("pytest", 7, 18),
        ("segment-analytics-python", 7, 34),
    ]


def test_pyproject_same_requirement_twice_is_found_twice() -> None:
    text = (
        '[project]\ndependencies = ["mixpanel"]\n'
        '[project.optional-dependencies]\nall = ["mixpanel"]\n'
    )
    assert positions(read_pyproject("pyproject.toml", text)) == [
        ("mixpanel", 2, 18),
        ("mixpanel", 4, 9),
    ]


def test_pyproject_without_dependencies() -> None:
    text = '[tool.policylint]\npolicy = "privacy-policy.yaml"\n'
    assert positions(read_pyproject("pyproject.toml", text)) == []


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('[project]\nname = "x"\ndependencies = [\n  "posthog",\n  =\n]\n', 5, 3, "Invalid"),
        ('[project]\nname = "x\n', 2, 10, "Illegal character"),
        ('[project]\ndependencies = ["posthog",', 2, 27, ""),
        ('[project]\ndependencies = "posthog"\n', 2, 16, "`project.dependencies` is not an array"),
        ('[project]\ndependencies = ["posthog", 3]\n', 2, 16, "not a string"),
        ('[project]\ndependencies = ["posthog", ">=1"]\n', 2, 29, "not a PEP 508 requirement"),
        ('project = "x"\n', 1, 11, "`project` is not a table"),
        ("[tool.poetry]\ndependencies = []\n", 2, 16, "`tool.poetry.dependencies` is not a table"),
    ],
)
def test_pyproject_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ManifestError) as caught:
        read_pyproject("pyproject.toml", text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message
    assert "(at line" not in caught.value.message


# --- Gradle, Podfile, Package.swift ---------------------------------------------------------


def test_gradle_skips_non_dependency_strings() -> None:
    text = (
        "dependencies {\n"
        '    classpath "com.google.gms:google-services:4.4.1"\n'
        "    implementation fileTree(dir: 'libs', include: ['*.jar'])\n"
        '    implementation "$rootProject.ext.supportLib"\n'
        '    exclude group: "com.google.firebase", module: "firebase-core"\n'
        '    println "a:b"\n'
        "    /* implementation 'com.mixpanel.android:mixpanel-android:7.5.0'\n"
        "       implementation 'com.amplitude:analytics-android:1.+' */\n"
        '    def url = "https://example.com:8443/repo" // implementation "x:y:1"\n'
        "}\n"
    )
    assert positions(read_gradle("build.gradle", text)) == [
        ("com.google.gms:google-services", 2, 16),
    ]


def test_gradle_quoted_configuration() -> None:
    text = 'dependencies {\n    "implementation"("com.contentsquare.android:library:4.27.1")\n}\n'
    assert positions(read_gradle("build.gradle.kts", text)) == [
        ("com.contentsquare.android:library", 2, 23),
    ]


def test_podfile_forms() -> None:
    text = (
        "pod('Branch')\n"
        'pod "Adjust", "~> 4.38"\n'
        "  pod 'FBSDKCoreKit', subspecs: ['Core']\n"
        "pod 'Local', :path => '../Local' # pod 'Commented'\n"
        "=begin\n"
    )
    assert positions(read_podfile("Podfile", text)) == [
        ("Branch", 1, 6),
        ("Adjust", 2, 6),
        ("FBSDKCoreKit/Core", 3, 35),
        ("Local", 4, 6),
    ]


def test_package_swift_forms() -> None:
    text = (
        "let package = Package(\n"
        "  dependencies: [\n"
        '    .package(id: "mixpanel.mixpanel-swift", from: "4.0.0"),\n'
        "    .package(\n"
        '      url: "git@github.com:amplitude/Amplitude-Swift.git",\n'
        '      from: "1.0.0"\n'
        "    ),\n"
        '    /* .package(url: "https://github.com/x/commented", from: "1.0.0"), */\n'
        "  ],\n"
        '  targets: [.target(name: "App", dependencies: [\n'
        '    .product(name: "AmplitudeSwift", package: "Amplitude-Swift", condition: nil),\n'
        '    .product(name: "NoPackage"),\n'
        "  ])]\n"
        ")\n"
    )
    assert positions(read_package_swift("Package.swift", text)) == [
        ("mixpanel.mixpanel-swift", 3, 19),
        ("git@github.com:amplitude/Amplitude-Swift.git", 5, 13),
        ("Amplitude-Swift/AmplitudeSwift", 11, 21),
    ]


@pytest.mark.parametrize("reader", [read_gradle, read_podfile, read_package_swift])
def test_scanned_formats_never_fail(reader: ManifestReader) -> None:
    for text in ("", "\n", "'unterminated", '"unterminated', "/* open", "(((", ")))"):
        result = reader("file", text)
        assert isinstance(result, FileFacts)


def test_comment_tags_in_toml_and_yaml_manifests_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPEC 5 and 6: comment tags in any YAML/TOML file, a manifest too (its packages
    are still read)."""
    from policylint.cli import main

    (tmp_path / ".git").mkdir()
    files = {
        "privacy-policy.yaml": "version: 1\nhosting:\n  regions: [eu]\ncategories:\n"
        "  - category: user.name\n    retention: P1Y\ncookies:\n  allowed: [strictly_necessary]\n",
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["mixpanel"]\n\n[tool.app]\n'
        'region = "us-east-1"  # @policy hosting.region\n'
        '# @personal-data category=user.name retention=P5Y\nowner = "bob"\n',
        "pubspec.yaml": "name: x\ndependencies:\n  http: ^1.0\n"
        "region: us-east-1  # @policy hosting.region\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[0:2] for line in out[:-1]] == [
        ["pubspec.yaml:4:9:", "PL501"],
        ["pyproject.toml:3:18:", "PL702"],
        ["pyproject.toml:6:10:", "PL501"],
        ["pyproject.toml:7:3:", "PL302"],
    ]
