use leptos::prelude::*;

/// Landing page: what this is, and the way into the demo dashboard.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <main class="page home">
            <h1>"Service Credits"</h1>
            <p>"Prepaid credits, the work logged against them, and exactly how they are consumed."</p>
            <p>
                <a href="/dashboard">"Open your dashboard →"</a>
            </p>
        </main>
    }
}
