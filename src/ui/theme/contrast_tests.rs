//! WCAG contrast of the window's text and field colours, in both themes.
use super::fields::contrast;
use super::*;

#[test]
fn error_and_success_text_read_on_the_background_in_both_themes() {
    for theme in [Theme::Light, Theme::Dark] {
        let background = theme.extended_palette().background.base.color;
        for (what, style) in [
            ("error", error_text(&theme)),
            ("success", success_text(&theme)),
        ] {
            let ratio = contrast(style.color.unwrap(), background);
            assert!(ratio >= 4.5, "{what} text in {theme}: {ratio:.2}:1");
        }
    }
}

#[test]
fn fields_placeholders_borders_and_focus_ring_stand_out_in_both_themes() {
    for theme in [Theme::Light, Theme::Dark] {
        let background = theme.extended_palette().background.base.color;
        let placeholder = contrast(fields::placeholder(&theme), background);
        assert!(
            placeholder >= 4.5,
            "placeholder in {theme}: {placeholder:.2}:1"
        );
        let border = contrast(fields::idle_border(&theme), background);
        assert!(border >= 3.0, "idle border in {theme}: {border:.2}:1");
        let ring = contrast(fields::focus_ring(&theme), background);
        assert!(ring >= 3.0, "focus ring in {theme}: {ring:.2}:1");
        let face = theme.extended_palette().background.weak.color;
        let pick = contrast(fields::pick_placeholder(&theme), face);
        assert!(pick >= 4.5, "drop-down placeholder in {theme}: {pick:.2}:1");
        let apart = contrast(fields::focus_ring(&theme), fields::idle_border(&theme));
        assert!(
            apart >= 1.5,
            "focus ring against an idle border in {theme}: {apart:.2}:1"
        );
    }
}
