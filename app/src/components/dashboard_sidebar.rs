//! `DashboardSidebar` (plan §2.4): the navigation of the tenant being viewed, and a switcher
//! when the user belongs to several tenants. The current item carries `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::dto::SignedInUser;

/// A navigation item: label and path below the tenant's base path.
struct NavItem {
    label: &'static str,
    path: &'static str,
}

/// Customer-side items.
const ORG_ITEMS: [NavItem; 2] = [
    NavItem {
        label: "Credits",
        path: "/credits",
    },
    NavItem {
        label: "Work logs",
        path: "/work-logs",
    },
];

/// Provider-side items: "Usage" sits between "Overview" and "Orders" (plan §2.4).
const PROVIDER_ITEMS: [NavItem; 3] = [
    NavItem {
        label: "Overview",
        path: "",
    },
    NavItem {
        label: "Usage",
        path: "/usage",
    },
    NavItem {
        label: "Orders",
        path: "/orders",
    },
];

/// Which tenant a dashboard path belongs to: ("org" | "provider", slug).
pub fn tenant_of(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/dashboard/")?;
    let (kind, rest) = rest.split_once('/')?;
    let slug = rest.split('/').next()?;
    matches!(kind, "org" | "provider").then_some((kind, slug))
}

#[component]
pub fn DashboardSidebar(user: SignedInUser) -> impl IntoView {
    let location = use_location();
    let pathname = move || location.pathname.get();

    let section = move |kind: &'static str, slug: String, name: String| {
        let base = format!("/dashboard/{kind}/{slug}");
        let items: &'static [NavItem] = if kind == "org" {
            &ORG_ITEMS
        } else {
            &PROVIDER_ITEMS
        };
        let slug_for_open = slug.clone();
        let is_open =
            move || tenant_of(&pathname()).is_some_and(|(k, s)| k == kind && s == slug_for_open);
        let side = if kind == "org" {
            "Customer"
        } else {
            "Provider"
        };
        view! {
            <li class="tenant" class:open=is_open.clone()>
                <span class="tenant-name">{name}</span>
                <span class="tenant-side">{side}</span>
                <ul class="nav-items">
                    {items
                        .iter()
                        .map(|item| {
                            let href = format!("{base}{}", item.path);
                            let target = href.clone();
                            let current = Memo::new(move |_| pathname() == target);
                            view! {
                                <li>
                                    <a
                                        href=href
                                        aria-current=move || current.get().then_some("page")
                                        class:current=current
                                    >
                                        {item.label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </li>
        }
    };

    let orgs = user.organizations.clone();
    let providers = user.providers.clone();
    view! {
        <nav class="sidebar" aria-label="Dashboard">
            <a class="brand" href="/dashboard">"Service Credits"</a>
            <ul class="tenants">
                {orgs.into_iter().map(|o| section("org", o.slug, o.name)).collect_view()}
                {providers.into_iter().map(|p| section("provider", p.slug, p.name)).collect_view()}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::tenant_of;

    #[test]
    fn the_tenant_is_read_from_the_path() {
        assert_eq!(
            tenant_of("/dashboard/org/acme/credits"),
            Some(("org", "acme"))
        );
        assert_eq!(
            tenant_of("/dashboard/provider/northwind"),
            Some(("provider", "northwind"))
        );
        assert_eq!(tenant_of("/dashboard"), None);
        assert_eq!(tenant_of("/dashboard/other/x"), None);
    }
}
