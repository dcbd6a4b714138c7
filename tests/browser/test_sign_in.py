"""A partner editor signs in, finds their organisation on their account page, and edits its public profile."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_sign_in_as_partner_editor_lands_on_account_page_with_role(page, cast, password):
    sign_in(page, cast.partner_editor.email, password)

    expect(page).to_have_url(re.compile(r"/me/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="My account", level=1)).to_be_visible()
    # The start page: the console the role gives, then the role itself.
    expect(main.get_by_role("heading", name="Partner profile: Free the Slaves")).to_be_visible()
    expect(main.get_by_role("listitem").filter(has_text="Partner editor")).to_contain_text("Free the Slaves")
    expect(main.get_by_role("link", name="Free the Slaves", exact=True)).to_be_visible()
    expect(main).to_contain_text(f"Signed in as {cast.partner_editor.email}.")
    # The header now offers the account instead of signing in.
    expect(page.get_by_role("banner").get_by_role("link", name="My account")).to_be_visible()


def test_sign_in_with_wrong_password_stays_on_form_with_message(page, cast):
    sign_in(page, cast.partner_editor.email, "not the password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("main")).to_contain_text("The email address and/or password you specified are not correct.")


def test_profile_edit_as_partner_editor_shows_new_description_to_everyone(page, open_page, cast, password):
    new_description = "Free the Slaves works to end modern slavery. Edited in the browser test."
    # An anonymous visitor reads the page first, so the public page cache holds the old version.
    visitor = open_page()
    visitor.goto("/partners/free-the-slaves/")
    expect(visitor.get_by_role("heading", name="Free the Slaves", level=1)).to_be_visible()
    expect(visitor.get_by_role("main")).not_to_contain_text(new_description)

    sign_in(page, cast.partner_editor.email, password)
    page.get_by_role("link", name="Partner profile: Free the Slaves").click()
    expect(page).to_have_url(re.compile(r"/partners/free-the-slaves/edit/$"))
    expect(page.get_by_role("heading", name="Edit Free the Slaves", level=1)).to_be_visible()
    page.get_by_label("Description").fill(new_description)
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(re.compile(r"/partners/free-the-slaves/$"))
    expect(page.get_by_role("status")).to_contain_text("The profile is saved.")
    expect(page.get_by_role("main")).to_contain_text(new_description)

    visitor.reload()
    expect(visitor.get_by_role("main")).to_contain_text(new_description)
    expect(visitor.get_by_role("link", name="Edit profile")).to_have_count(0)
