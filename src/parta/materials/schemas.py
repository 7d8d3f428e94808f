"""Libraries of materials: places, folders, files and links as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PlaceKind = Literal["org", "class", "group"]
ItemKind = Literal["folder", "file", "link"]


class PlaceOut(BaseModel):
    place: PlaceKind
    place_id: str = Field(description="The organisation's, class's or group's id")
    title: str = Field(description="The organisation's name, the class label or the group name")
    can_add: bool = Field(description="May add folders, files and links here")
    can_manage: bool = Field(description="May rename, move and delete anyone's items here")
    archived: bool = False


class MaterialFileOut(BaseModel):
    kind: Literal["image", "video", "audio", "voice", "file"]
    name: str
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    url: str = Field(description="Download address: signed, expires; needs a reader's session")
    thumb_url: str | None = None
    preview_url: str | None = None


class AuthorOut(BaseModel):
    account_id: str
    name: str


class MaterialOut(BaseModel):
    id: str
    kind: ItemKind
    title: str
    place: PlaceKind
    place_id: str
    parent_id: str | None = Field(description="The folder it is in; null at the top")
    url: str | None = Field(None, description="Links only: the address (http or https)")
    file: MaterialFileOut | None = Field(None, description="Files only")
    created_by: AuthorOut
    created_at: datetime
    updated_at: datetime | None = None
    can_change: bool = Field(description="May rename, move and delete this item")


class FolderRef(BaseModel):
    id: str
    title: str


class LibraryPage(BaseModel):
    place: PlaceOut
    folder: FolderRef | None = Field(description="The folder listed; null for the top level")
    path: list[FolderRef] = Field(description="Folders from the top down to this one")
    items: list[MaterialOut] = Field(description="Folders first, then by title")


class PlaceRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    place: PlaceKind
    place_id: str | None = Field(
        None, max_length=26, description="Class or group id; omit for the organisation"
    )
    parent_id: str | None = Field(None, max_length=26, description="Folder; null for the top")


class FolderIn(PlaceRef):
    title: str = Field(min_length=1, max_length=200)


class LinkIn(PlaceRef):
    title: str = Field(min_length=1, max_length=200)
    url: str = Field(min_length=1, max_length=2000)


class SharedFileIn(PlaceRef):
    attachment_id: str = Field(max_length=26, description="A file of a chat message I can read")
    title: str | None = Field(None, max_length=200, description="Defaults to the file's name")


class MaterialPatch(BaseModel):
    """Only the fields sent change. `parent_id: null` moves the item to the top level."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    url: str | None = Field(None, min_length=1, max_length=2000, description="Links only")
    parent_id: str | None = Field(None, max_length=26)
