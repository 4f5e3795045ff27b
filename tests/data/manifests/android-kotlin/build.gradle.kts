plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    kotlin("kapt")
}

android {
    namespace = "com.example.insights"
    compileSdk = 34
    defaultConfig {
        applicationId = "com.example.insights"
        minSdk = 26
        buildConfigField("String", "API_URL", "\"https://api.example.com:443\"")
    }
}

dependencies {
    implementation(platform("com.google.firebase:firebase-bom:32.8.0"))
    implementation("com.google.firebase:firebase-analytics-ktx")
    implementation("com.google.android.gms:play-services-ads:23.0.0")
    implementation(libs.androidx.activity.compose)
    implementation("com.amplitude:analytics-android:1.+") // product analytics
    debugImplementation("com.squareup.leakcanary:leakcanary-android:2.13")
    implementation(group = "com.mixpanel.android", name = "mixpanel-android", version = "7.5.0")
    implementation(
        "io.branch.sdk.android:library:5.9.0"
    )
    kapt("com.google.dagger:hilt-compiler:${Versions.hilt}")
    testImplementation(kotlin("test"))
}
