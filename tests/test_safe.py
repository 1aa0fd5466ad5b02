"""Text that reaches a writer: the one place where user text is made safe."""

from xlquartier.safe import plot_label, xml_text


def test_control_characters_become_visible_replacements():
    assert xml_text("a\x00b\x1fc\td\ne") == "a\ufffdb\ufffdc\td\ne"
    assert xml_text("\ud800x") == "\ufffdx"


def test_dollar_signs_are_not_mathtext():
    assert plot_label("$x$ Runde") == r"\$x\$ Runde"
